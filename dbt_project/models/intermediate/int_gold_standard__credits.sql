-- Gold Standard issuances, plus its retirements export split by Credit Status: "Retired"
-- rows are retirements, "Canceled" rows are cancellations (better than the reference,
-- which counts them as retirements with no date). Rows of any other status are left out
-- here and listed by the warning test on this model.
with

issuances as (

    select * from {{ ref('stg_gold_standard__issuances') }}

),

retirements as (

    select * from {{ ref('stg_gold_standard__retirements') }}

),

typed as (

    select
        *,
        'issuance'::text as transaction_type
    from issuances

    union all

    select
        *,
        case credit_status
            when 'retired' then 'retirement'
            when 'canceled' then 'cancellation'
            when 'cancelled' then 'cancellation'
        end as transaction_type
    from retirements

),

final as (

    select
        project_id,
        transaction_type,
        credit_status,
        serial_number,
        project_name,
        proponent,
        country_raw,
        null::text as state,
        registry_project_type,
        protocol_raw,
        retirement_account,
        retirement_beneficiary,
        retirement_reason,
        retirement_note,
        quantity,
        vintage,
        false as is_compliance_listed,
        transaction_date,
        null::date as vintage_start,
        null::date as vintage_end,
        source_load_id,
        source_file,
        array[source_row_number] as source_row_numbers

    from typed

)

select * from final
