{%- set source_relation = source('verra', 'transactions') -%}
{%- set columns = raw_columns(source_relation) -%}

with

source as (

    select * from {{ raw_relation(source_relation, columns) }}

),

renamed as (

    select
        -- ids
        'VCS' || {{ clean(pick(columns, ['ID'])) }} as project_id,
        {{ clean(pick(columns, ['Serial Number'])) }} as serial_number,

        -- text
        {{ clean(pick(columns, ['Name'])) }} as project_name,
        {{ clean(pick(columns, ['Country/Area', 'Country'])) }} as country_raw,
        {{ clean(pick(columns, ['Project Type'])) }} as registry_project_type,
        {{ clean(pick(columns, ['Methodology'])) }} as protocol_raw,
        {{ clean(pick(columns, ['Retirement Beneficiary'])) }} as retirement_beneficiary,
        {{ clean(pick(columns, ['Retirement Reason'])) }} as retirement_reason,
        {{ clean(pick(columns, ['Retirement Details'])) }} as retirement_note,

        -- numbers
        {{ to_number(pick(columns, ['Total Vintage Quantity'])) }} as total_vintage_quantity,
        {{ to_number(pick(columns, ['Quantity Issued'])) }} as quantity_issued,
        extract(year from {{ to_date(pick(columns, ['Vintage End'])) }})::integer as vintage,

        -- dates
        {{ to_date(pick(columns, ['Issuance Date'])) }} as issued_at,
        {{ to_date(pick(columns, ['Retirement/Cancellation Date'])) }} as retired_at,
        {{ to_date(pick(columns, ['Vintage Start'])) }} as vintage_start,
        {{ to_date(pick(columns, ['Vintage End'])) }} as vintage_end,

        -- provenance
        _load_id as source_load_id,
        _row_number as source_row_number,
        _file_name as source_file

    from source

)

select * from renamed
