-- A Verra block with a Retirement/Cancellation Date has left circulation. The export does
-- not tell retirements from cancellations, so every such block is a retirement (as the
-- reference pipeline does); its quantity is the block's Quantity Issued.
with

transactions as (

    select * from {{ ref('stg_verra__transactions') }}

),

final as (

    select
        project_id,
        'retirement'::text as transaction_type,
        serial_number,
        project_name,
        null::text as proponent,
        country_raw,
        null::text as state,
        registry_project_type,
        protocol_raw,
        null::text as retirement_account,
        retirement_beneficiary,
        retirement_reason,
        retirement_note,
        quantity_issued as quantity,
        vintage,
        false as is_compliance_listed,
        retired_at as transaction_date,
        vintage_start,
        vintage_end,
        source_load_id,
        source_file,
        array[source_row_number] as source_row_numbers

    from transactions
    where retired_at is not null

)

select * from final
