-- projects.issued / retired / cancelled equal the sums over credits (section 8), and a
-- project without credits has 0, not null.
with

projects as (

    select * from {{ ref('projects') }}

),

credits as (

    select * from {{ ref('credits') }}

),

sums as (

    select
        project_id,
        coalesce(sum(quantity) filter (where transaction_type = 'issuance'), 0) as issued,
        coalesce(sum(quantity) filter (where transaction_type = 'retirement'), 0) as retired,
        coalesce(sum(quantity) filter (where transaction_type = 'cancellation'), 0)
            as cancelled
    from credits
    group by project_id

)

select
    projects.project_id,
    projects.issued,
    projects.retired,
    projects.cancelled,
    sums.issued as credit_issued,
    sums.retired as credit_retired,
    sums.cancelled as credit_cancelled
from projects
left join sums on projects.project_id = sums.project_id
where projects.issued is distinct from coalesce(sums.issued, 0)
    or projects.retired is distinct from coalesce(sums.retired, 0)
    or projects.cancelled is distinct from coalesce(sums.cancelled, 0)
