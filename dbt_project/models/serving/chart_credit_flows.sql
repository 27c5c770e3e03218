-- Credit flows at (project, transaction type, vintage, month) grain: every chart of the
-- API sums this table, joined to api.projects for the project filters, so filtered and
-- unfiltered requests take one query path. Undated transactions keep a null month.
{{ config(
    alias='chart_credit_flows' ~ var('api_suffix', ''),
    indexes=[
        {'columns': ['project_id']},
        {'columns': ['transaction_type', 'transaction_month']},
        {'columns': ['vintage']},
    ],
) }}

with

credits as (

    select * from {{ source('api', 'credits') }}

),

final as (

    select
        project_id,
        transaction_type,
        vintage,
        date_trunc('month', transaction_date)::date as transaction_month,
        sum(quantity) as quantity,
        count(*) as transaction_count
    from credits
    group by project_id, transaction_type, vintage, date_trunc('month', transaction_date)

)

select * from final
