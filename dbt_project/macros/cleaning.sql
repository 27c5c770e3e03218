{#- Text, number and date cleaning shared by the staging models. -#}

{#- Trimmed text; empty strings and N/A (any case) become null. -#}
{% macro clean(column) -%}
    case when upper(btrim({{ column }})) not in ('', 'N/A') then btrim({{ column }}) end
{%- endmacro %}

{#- A quantity: thousands separators stripped; anything that is not a number is null. -#}
{% macro to_number(column) -%}
    case
        when btrim({{ column }}) ~ '^-?[0-9][0-9,]*(\.[0-9]+)?$'
            then replace(btrim({{ column }}), ',', '')::numeric
    end
{%- endmacro %}

{#- A four-digit year, else null. -#}
{% macro to_year(column) -%}
    case when btrim({{ column }}) ~ '^[0-9]{4}(\.0)?$' then left(btrim({{ column }}), 4)::integer end
{%- endmacro %}

{#- make_date that gives null instead of an error for an impossible date (2023-02-30). -#}
{% macro safe_date(year, month, day) -%}
    case
        when ({{ month }}) between 1 and 12
            and ({{ year }}) between 1800 and 2200
            and ({{ day }}) between 1
            and extract(day from make_date({{ year }}, {{ month }}, 1) + interval '1 month - 1 day')
            then make_date({{ year }}, {{ month }}, {{ day }})
    end
{%- endmacro %}

{#- A date from text, time of day dropped. ISO dates (2026-04-03, 2026-04-13T12:35:58) are
    read everywhere; slashed dates are month-first for the APX registries
    (3/24/2026 9:08:01 PM) and day-first for Verra and Gold Standard's older exports. -#}
{% macro to_date(column, slashed='day_first') -%}
    {%- set value = "btrim(" ~ column ~ ")" -%}
    {%- set first = "split_part(" ~ value ~ ", '/', 1)::integer" -%}
    {%- set second = "split_part(" ~ value ~ ", '/', 2)::integer" -%}
    {%- set slashed_year = "left(split_part(" ~ value ~ ", '/', 3), 4)::integer" -%}
    case
        when {{ value }} ~ '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}'
            then {{ safe_date(
                "split_part(" ~ value ~ ", '-', 1)::integer",
                "split_part(" ~ value ~ ", '-', 2)::integer",
                "substring(split_part(" ~ value ~ ", '-', 3) from '^[0-9]+')::integer",
            ) }}
        when {{ value }} ~ '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}'
            then {% if slashed == 'month_first' -%}
                {{ safe_date(slashed_year, first, second) }}
            {%- else -%}
                {{ safe_date(slashed_year, second, first) }}
            {%- endif %}
    end
{%- endmacro %}
