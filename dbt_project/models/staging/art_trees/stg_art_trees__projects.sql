{%- set source_relation = source('art_trees', 'projects') -%}
{%- set columns = raw_columns(source_relation) -%}

with

source as (

    select * from {{ raw_relation(source_relation, columns) }}

),

renamed as (

    select
        -- ids
        {{ clean(pick(columns, ['Program ID'])) }} as project_id,
        {{ clean(pick(columns, ['Program ID'])) }} as registry_project_id,

        -- text
        {{ clean(pick(columns, ['Program Name'])) }} as name,
        {{ clean(pick(columns, ['Sovereign Program Developer'])) }} as proponent,
        {{ clean(pick(columns, ['Program Type'])) }} as registry_project_type,
        {{ clean(pick(columns, ['Crediting Program and Standard'])) }} as protocol_raw,
        {{ clean(pick(columns, ['Status'])) }} as registry_status,
        null::text as compliance_status,
        {{ clean(pick(columns, ['Program Country'])) }} as country_raw,
        null::text as region,
        {{ clean(pick(columns, ['Program Jurisdiction(s)'])) }} as state,

        -- booleans
        false as is_compliance_listed,

        -- dates
        null::date as listed_at,
        null::date as registered_at,
        {{ to_date(pick(columns, ['Initial Crediting Period Start Date']), 'month_first') }}
            as crediting_period_start,
        null::date as crediting_period_end,

        -- provenance
        _load_id as source_load_id,
        _row_number as source_row_number,
        _file_name as source_file

    from source

)

select * from renamed
