{%- set source_relation = source('gold_standard', 'projects') -%}
{%- set columns = raw_columns(source_relation) -%}

with

source as (

    select * from {{ raw_relation(source_relation, columns) }}

),

renamed as (

    select
        -- ids
        'GLD' || {{ clean(pick(columns, ['GSID'])) }} as project_id,
        {{ clean(pick(columns, ['GSID'])) }} as registry_project_id,

        -- text
        {{ clean(pick(columns, ['Project Name'])) }} as name,
        {{ clean(pick(columns, ['Project Developer Name', 'Project Developer'])) }} as proponent,
        {{ clean(pick(columns, ['Project Type'])) }} as registry_project_type,
        {{ clean(pick(columns, ['Methodology'])) }} as protocol_raw,
        {{ clean(pick(columns, ['Status'])) }} as registry_status,
        null::text as compliance_status,
        {{ clean(pick(columns, ['Country'])) }} as country_raw,
        null::text as region,
        null::text as state,

        -- booleans
        false as is_compliance_listed,

        -- dates
        null::date as listed_at,
        null::date as registered_at,
        null::date as crediting_period_start,
        null::date as crediting_period_end,

        -- provenance
        _load_id as source_load_id,
        _row_number as source_row_number,
        _file_name as source_file

    from source

)

select * from renamed
