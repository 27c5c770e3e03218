-- Warns with raw credit rows that no transaction comes from: no positive quantity, or a
-- Gold Standard credit status that is neither Retired nor Canceled.
{{ config(severity='warn') }}

with

unioned as (

    select * from {{ ref('int_credits_unioned') }}

),

gold_standard as (

    select * from {{ ref('int_gold_standard__credits') }}

)

select
    registry,
    transaction_type,
    'no positive quantity' as reason,
    count(*) as row_count
from unioned
where transaction_type <> 'issuance' and coalesce(quantity, 0) <= 0
group by registry, transaction_type

union all

select
    'gold-standard' as registry,
    credit_status as transaction_type,
    'unknown Gold Standard credit status' as reason,
    count(*) as row_count
from gold_standard
where transaction_type is null
group by credit_status
