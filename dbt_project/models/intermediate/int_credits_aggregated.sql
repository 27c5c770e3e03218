-- Issuances of every registry summed per (project_id, transaction_date, vintage); sums
-- <= 0 are dropped. Retirements and cancellations pass through one row each. Rows
-- without a positive quantity are left out here (int_credits_unioned keeps them; a
-- warning test lists them). A missing vintage or date stays null and is warned about.
with

credits as (

    select * from {{ ref('int_credits_unioned') }}

),

issuance_rows as (

    -- One row per raw row behind each issuance (Verra's derived issuances have several);
    -- is_first_row marks one row per credit row, so each quantity is summed once.
    select
        credits.*,
        source_rows.source_row_number,
        source_rows.source_row_number = credits.source_row_numbers[1] as is_first_row
    from credits
    cross join lateral unnest(credits.source_row_numbers) as source_rows (source_row_number)
    where credits.transaction_type = 'issuance'

),

issuances as (

    select
        registry,
        project_id,
        transaction_type,
        transaction_date,
        vintage,
        sum(quantity) filter (where is_first_row) as quantity,
        min(serial_number) as serial_number,
        min(vintage_start) as vintage_start,
        max(vintage_end) as vintage_end,
        bool_or(is_compliance_listed) as is_compliance_listed,
        min(source_load_id) as source_load_id,
        min(source_file) as source_file,
        array_agg(source_row_number order by source_row_number) as source_row_numbers,
        (array_agg(project_name order by source_row_number))[1] as project_name,
        (array_agg(proponent order by source_row_number))[1] as proponent,
        (array_agg(country_raw order by source_row_number))[1] as country_raw,
        (array_agg(state order by source_row_number))[1] as state,
        (array_agg(registry_project_type order by source_row_number))[1]
            as registry_project_type,
        (array_agg(protocol_raw order by source_row_number))[1] as protocol_raw

    from issuance_rows
    group by registry, project_id, transaction_type, transaction_date, vintage
    having sum(quantity) filter (where is_first_row) > 0

),

other_transactions as (

    select * from credits
    where transaction_type <> 'issuance' and quantity > 0

),

final as (

    select
        registry,
        project_id,
        transaction_type,
        serial_number,
        project_name,
        proponent,
        country_raw,
        state,
        registry_project_type,
        protocol_raw,
        null::text as retirement_account,
        null::text as retirement_beneficiary,
        null::text as retirement_reason,
        null::text as retirement_note,
        quantity,
        vintage,
        is_compliance_listed,
        transaction_date,
        vintage_start,
        vintage_end,
        source_load_id,
        source_file,
        source_row_numbers
    from issuances

    union all

    select
        registry,
        project_id,
        transaction_type,
        serial_number,
        project_name,
        proponent,
        country_raw,
        state,
        registry_project_type,
        protocol_raw,
        retirement_account,
        retirement_beneficiary,
        retirement_reason,
        retirement_note,
        quantity,
        vintage,
        is_compliance_listed,
        transaction_date,
        vintage_start,
        vintage_end,
        source_load_id,
        source_file,
        source_row_numbers
    from other_transactions

)

select * from final
