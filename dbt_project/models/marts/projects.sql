-- One row per project of every registry, with its totals from credits.
with

projects as (

    select * from {{ ref('int_projects_harmonized') }}

),

credits as (

    select * from {{ ref('credits') }}

),

totals as (

    select
        project_id,
        sum(quantity) filter (where transaction_type = 'issuance') as issued,
        sum(quantity) filter (where transaction_type = 'retirement') as retired,
        sum(quantity) filter (where transaction_type = 'cancellation') as cancelled,
        min(transaction_date) filter (where transaction_type = 'issuance') as first_issuance_at,
        min(transaction_date) filter (where transaction_type = 'retirement')
            as first_retirement_at
    from credits
    group by project_id

),

final as (

    select
        -- ids
        projects.project_id,
        projects.registry_project_id,
        projects.registry,

        -- text
        projects.name,
        projects.proponent,
        case projects.registry
            when 'verra'
                then 'https://registry.verra.org/app/projectDetail/VCS/'
                    || projects.registry_project_id
            when 'gold-standard'
                then 'https://registry.goldstandard.org/projects?q=gs'
                    || projects.registry_project_id
            when 'american-carbon-registry'
                then 'https://acr2.apx.com/mymodule/reg/prjView.asp?id1='
                    || substring(projects.registry_project_id from '[0-9]+')
            when 'climate-action-reserve'
                then 'https://thereserve2.apx.com/mymodule/reg/prjView.asp?id1='
                    || substring(projects.registry_project_id from '[0-9]+')
            when 'art-trees'
                then 'https://art.apx.com/mymodule/reg/prjView.asp?id1='
                    || substring(projects.registry_project_id from '[0-9]+')
        end as project_url,
        projects.status,
        projects.registry_status,
        projects.category,
        projects.project_type,
        projects.registry_project_type,
        projects.protocol,
        projects.protocol_raw,
        projects.country,
        projects.country_code,
        projects.country_raw,
        projects.region,
        projects.state,

        -- numbers
        coalesce(totals.issued, 0) as issued,
        coalesce(totals.retired, 0) as retired,
        coalesce(totals.cancelled, 0) as cancelled,

        -- booleans
        projects.is_compliance,

        -- dates
        projects.listed_at,
        projects.registered_at,
        projects.crediting_period_start,
        projects.crediting_period_end,
        totals.first_issuance_at,
        totals.first_retirement_at,

        -- provenance
        projects.source,
        projects.source_load_id,
        projects.source_file,
        projects.source_row_number

    from projects
    left join totals on projects.project_id = totals.project_id

)

select * from final
