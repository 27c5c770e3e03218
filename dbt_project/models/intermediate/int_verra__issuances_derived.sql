-- Verra's VCU export has no issuance rows: one row per block of serial numbers, each
-- carrying its vintage's Total Vintage Quantity. One issuance per distinct
-- (project, vintage, TVQ), dated by the earliest Issuance Date among its blocks.
with

transactions as (

    select * from {{ ref('stg_verra__transactions') }}

),

vintage_issuances as (

    select
        project_id,
        vintage,
        total_vintage_quantity as quantity,
        min(issued_at) as transaction_date,
        min(vintage_start) as vintage_start,
        max(vintage_end) as vintage_end,
        min(source_load_id) as source_load_id,
        min(source_file) as source_file,
        array_agg(source_row_number order by source_row_number) as source_row_numbers,
        -- The block's own attributes, for projects the project list lacks.
        (array_agg(project_name order by source_row_number))[1] as project_name,
        (array_agg(country_raw order by source_row_number))[1] as country_raw,
        (array_agg(registry_project_type order by source_row_number))[1] as registry_project_type,
        (array_agg(protocol_raw order by source_row_number))[1] as protocol_raw

    from transactions
    where total_vintage_quantity is not null
    group by project_id, vintage, total_vintage_quantity

),

final as (

    select
        project_id,
        'issuance'::text as transaction_type,
        null::text as serial_number,
        project_name,
        null::text as proponent,
        country_raw,
        null::text as state,
        registry_project_type,
        protocol_raw,
        null::text as retirement_account,
        null::text as retirement_beneficiary,
        null::text as retirement_reason,
        null::text as retirement_note,
        quantity,
        vintage,
        false as is_compliance_listed,
        transaction_date,
        vintage_start,
        vintage_end,
        source_load_id,
        source_file,
        source_row_numbers

    from vintage_issuances

)

select * from final
