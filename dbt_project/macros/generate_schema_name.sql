{#- Custom schemas are used as written (staging, intermediate, marts, seeds, audit), not
    prefixed with the target schema: the API and the export read marts.projects. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
