-- One row per transaction (issuance, retirement, cancellation) of every registry.
with

credits as (

    select * from {{ ref('int_credits_aggregated') }}

),

beneficiary_mappings as (

    select * from {{ ref('beneficiary_mappings') }}

),

keyed as (

    select
        *,
        -- The reference's merged text: account;%beneficiary;%note;%reason, a missing
        -- field written as ";%" (beneficiary-mappings.json, its column-addition step).
        coalesce(retirement_account, ';%') || ';%'
        || coalesce(retirement_beneficiary, ';%') || ';%'
        || coalesce(retirement_note, ';%') || ';%'
        || coalesce(retirement_reason, ';%') as merged_beneficiary
    from credits

),

final as (

    select
        -- ids
        md5(
            keyed.registry || '|' || keyed.transaction_type || '|' || keyed.project_id || '|'
            || keyed.source_file || '|' || keyed.source_row_numbers[1]
        ) as credit_id,
        keyed.project_id,
        keyed.registry,
        keyed.serial_number,

        -- text
        keyed.transaction_type,
        keyed.retirement_account,
        keyed.retirement_beneficiary,
        keyed.retirement_reason,
        keyed.retirement_note,
        case
            when keyed.transaction_type = 'retirement'
                then beneficiary_mappings.beneficiary_harmonized
        end as retirement_beneficiary_harmonized,

        -- numbers
        keyed.quantity,
        keyed.vintage,

        -- dates
        keyed.transaction_date,
        keyed.vintage_start,
        keyed.vintage_end,

        -- provenance
        keyed.source_load_id,
        keyed.source_file,
        keyed.source_row_numbers

    from keyed
    left join beneficiary_mappings
        on keyed.merged_beneficiary = beneficiary_mappings.merged_text

)

select * from final
