-- Warns with credit rows kept without a vintage or a date (harmonization.md, section 3:
-- such rows are not dropped silently).
{{ config(severity='warn') }}

select
    registry,
    transaction_type,
    count(*) filter (where vintage is null) as without_vintage,
    count(*) filter (where transaction_date is null) as without_date
from {{ ref('credits') }}
where vintage is null or transaction_date is null
group by registry, transaction_type
