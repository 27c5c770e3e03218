{#- Rows of the model for which `expression` is not true fail the test. -#}
{% test expression_is_true(model, expression, where=none) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{%- if where %} and ({{ where }}){% endif %}

{% endtest %}
