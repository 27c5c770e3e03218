{%- set source_relation = source('car', 'projects') -%}
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
        coalesce(
            {{ clean(pick(columns, ['Project Developer'])) }},
            {{ clean(pick(columns, ['Project Owner'])) }}
        ) as proponent,
        {{ clean(pick(columns, ['Project Type'])) }} as registry_project_type,
        -- The project list names no protocol; the credit files do (see int_projects_unioned).
        {{ clean(pick(columns, ['Protocol and Version', 'Protocol'])) }} as protocol_raw,
        {{ clean(pick(columns, ['Status'])) }} as registry_status,
        {{ clean(pick(columns, ['Compliance Program Status', 'ARB Project Status'])) }}
            as compliance_status,
        {{ clean(pick(columns, ['Project Site Country'])) }} as country_raw,
        null::text as region,
        {{ clean(pick(columns, ['Project Site State'])) }} as state,

        -- booleans: in the ARB or Washington Ecology programme
        coalesce(
            {{ clean(pick(columns, ['ARB ID'])) }} is not null
            or {{ clean(pick(columns, ['WA ECO'])) }} is not null,
            false
        ) as is_compliance_listed,

        -- dates
        {{ to_date(pick(columns, ['Project Listed Date']), 'month_first') }} as listed_at,
        {{ to_date(pick(columns, ['Project Registered Date']), 'month_first') }} as registered_at,
        null::date as crediting_period_start,
        null::date as crediting_period_end,

        -- provenance
        _load_id as source_load_id,
        _row_number as source_row_number,
        _file_name as source_file

    from source

)

select * from renamed
