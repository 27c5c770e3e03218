{%- set source_relation = source('gold_standard', 'retirements') -%}
{%- set columns = raw_columns(source_relation) -%}

with

source as (

    select * from {{ raw_relation(source_relation, columns) }}

),

renamed as (

    select
        -- ids
        'GLD' || {{ clean(pick(columns, ['GSID'])) }} as project_id,
        {{ clean(pick(columns, ['Serial Number'])) }} as serial_number,

        -- text
        lower({{ clean(pick(columns, ['Credit Status'])) }}) as credit_status,
        {{ clean(pick(columns, ['Project Name'])) }} as project_name,
        {{ clean(pick(columns, ['Project Developer', 'Project Developer Name'])) }} as proponent,
        {{ clean(pick(columns, ['Country'])) }} as country_raw,
        {{ clean(pick(columns, ['Project Type'])) }} as registry_project_type,
        {{ clean(pick(columns, ['Methodology'])) }} as protocol_raw,
        null::text as retirement_account,
        {{ clean(pick(columns, ['Using Entity'])) }} as retirement_beneficiary,
        {{ clean(pick(columns, ['Use Case'])) }} as retirement_reason,
        {{ clean(pick(columns, ['Note'])) }} as retirement_note,

        -- numbers
        {{ to_number(pick(columns, ['Quantity'])) }} as quantity,
        {{ to_year(pick(columns, ['Vintage'])) }} as vintage,

        -- dates
        {{ to_date(pick(columns, ['Retirement Date'])) }} as transaction_date,

        -- provenance
        _load_id as source_load_id,
        _row_number as source_row_number,
        _file_name as source_file

    from source

)

select * from renamed
