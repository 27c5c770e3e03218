{%- set source_relation = source('verra', 'projects') -%}
{%- set columns = raw_columns(source_relation) -%}

with

source as (

    select * from {{ raw_relation(source_relation, columns) }}

),

renamed as (

    select
        -- ids
        'VCS' || {{ clean(pick(columns, ['ID'])) }} as project_id,
        {{ clean(pick(columns, ['ID'])) }} as registry_project_id,

        -- text
        {{ clean(pick(columns, ['Name'])) }} as name,
        {{ clean(pick(columns, ['Proponent'])) }} as proponent,
        {{ clean(pick(columns, ['Project Type'])) }} as registry_project_type,
        {{ clean(pick(columns, ['Methodology'])) }} as protocol_raw,
        {{ clean(pick(columns, ['Status'])) }} as registry_status,
        null::text as compliance_status,
        {{ clean(pick(columns, ['Country/Area', 'Country'])) }} as country_raw,
        {{ clean(pick(columns, ['Region'])) }} as region,
        null::text as state,

        -- booleans
        false as is_compliance_listed,

        -- dates
        null::date as listed_at,
        {{ to_date(pick(columns, ['Project Registration Date'])) }} as registered_at,
        {{ to_date(pick(columns, ['Crediting Period Start Date'])) }} as crediting_period_start,
        {{ to_date(pick(columns, ['Crediting Period End Date'])) }} as crediting_period_end,

        -- provenance
        _load_id as source_load_id,
        _row_number as source_row_number,
        _file_name as source_file

    from source

)

select * from renamed
