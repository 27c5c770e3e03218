{#- dbt-postgres reads column types from information_schema, where every array column is
    just "ARRAY"; unit-test fixtures then try `cast(... as ARRAY)` and fail. Same query,
    with arrays spelled as PostgreSQL casts them ("text[]", "int8[]") from udt_name. -#}
{% macro postgres__get_columns_in_relation(relation) -%}
    {% call statement('get_columns_in_relation', fetch_result=True) %}
        select
            column_name,
            case
                when data_type = 'ARRAY' then substring(udt_name from 2) || '[]'
                else data_type
            end as data_type,
            character_maximum_length,
            numeric_precision,
            numeric_scale
        from {{ relation.information_schema('columns') }}
        where table_name = '{{ relation.identifier }}'
        {% if relation.schema %}
            and table_schema = '{{ relation.schema }}'
        {% endif %}
        order by ordinal_position
    {% endcall %}
    {% set table = load_result('get_columns_in_relation').table %}
    {{ return(sql_convert_columns_in_relation(table)) }}
{%- endmacro %}
