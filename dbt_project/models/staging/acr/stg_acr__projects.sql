{%- set source_relation = source('acr', 'projects') -%}
{%- set columns = raw_columns(source_relation) -%}

with

source as (

    select * from {{ raw_relation(source_relation, columns) }}

),

renamed as (

    select
        -- ids
        {{ clean(pick(columns, ['Project ID'])) }} as project_id,
        {{ clean(pick(columns, ['Project ID'])) }} as registry_project_id,

        -- text
        {{ clean(pick(columns, ['Project Name'])) }} as name,
        {{ clean(pick(columns, ['Project Developer'])) }} as proponent,
        {{ clean(pick(columns, ['Project Type'])) }} as registry_project_type,
        {{ clean(pick(columns, ['Project Methodology/Protocol'])) }} as protocol_raw,
        {{ clean(pick(columns, ['Voluntary Status'])) }} as registry_status,
        {{ clean(pick(columns, ['Compliance Program Status (ARB or Ecology)'])) }}
            as compliance_status,
        {{ clean(pick(columns, ['Project Site Country'])) }} as country_raw,
        null::text as region,
        {{ clean(pick(columns, ['Project Site State'])) }} as state,

        -- booleans: in the ARB or Washington Ecology programme
        coalesce(
            {{ clean(pick(columns, ['Compliance Program ID (ARB or Ecology)'])) }} is not null
            or {{ clean(pick(columns, ['Compliance Program Status (ARB or Ecology)'])) }}
            not ilike 'Not %',
            false
        ) as is_compliance_listed,

        -- dates
        null::date as listed_at,
        null::date as registered_at,
        coalesce(
            {{ to_date(pick(columns, ['Current Crediting Period Start Date']), 'month_first') }},
            {{ to_date(pick(columns, ['Initial Crediting Period Start Date']), 'month_first') }}
        ) as crediting_period_start,
        {{ to_date(pick(columns, ['Current Crediting Period End Date']), 'month_first') }}
            as crediting_period_end,

        -- provenance
        _load_id as source_load_id,
        _row_number as source_row_number,
        _file_name as source_file

    from source

)

select * from renamed
