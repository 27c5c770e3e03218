{#- Reading raw tables whose column names drift between export dates.

    Ingest keeps every source column under its original name ("Status Effective (GMT)",
    "Status Effective  (GMT)", "Status Effective" ...). Staging models ask for a column by
    the spellings they accept; `pick` returns the first that the raw table has, compared
    like ingest compares them (case and runs of spaces ignored), or null when none is
    there, so an older export still builds with that column empty. -#}

{% macro fold_column_name(name) -%}
    {{- return((name | lower).split() | join(' ')) -}}
{%- endmacro %}

{#- {folded name: column name} of a raw table; empty when it does not exist (yet). -#}
{% macro raw_columns(source_relation) -%}
    {%- set found = {} -%}
    {%- if execute -%}
        {%- set relation = adapter.get_relation(
            database=source_relation.database,
            schema=source_relation.schema,
            identifier=source_relation.identifier,
        ) -%}
        {%- if relation is not none -%}
            {%- for column in adapter.get_columns_in_relation(relation) -%}
                {%- do found.update({fold_column_name(column.name): column.name}) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    {{- return(found) -}}
{%- endmacro %}

{#- The quoted column for the first spelling the table has, else a typed null. -#}
{% macro pick(columns, spellings) -%}
    {%- for spelling in spellings -%}
        {%- set name = columns.get(fold_column_name(spelling)) -%}
        {%- if name is not none -%}
            {{- return(adapter.quote(name)) -}}
        {%- endif -%}
    {%- endfor -%}
    {{- return('null::text') -}}
{%- endmacro %}

{#- The raw table, or an empty relation with the provenance columns when no export of
    this kind was loaded, so one registry's missing file does not stop the build. -#}
{% macro raw_relation(source_relation, columns) -%}
    {%- if columns or not execute -%}
        {{ source_relation }}
    {%- else -%}
        (
            select
                null::bigint as _load_id,
                null::bigint as _row_number,
                null::text as _file_name,
                null::timestamptz as _loaded_at
            where false
        )
    {%- endif -%}
{%- endmacro %}
