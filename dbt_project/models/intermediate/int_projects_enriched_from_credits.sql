-- One row per project: every project of the registries' project lists, plus every
-- project that only credit files name (the reference skips projects that only have
-- cancellations; we keep them all). Credit rows carry the project's name, country,
-- type, methodology and developer in every registry: they fill projects known only from
-- credits (source = 'credits') and the gaps of listed ones (CAR's list names no
-- protocol). Where credit rows disagree, the most recent one wins.
with

projects as (

    select * from {{ ref('int_projects_unioned') }}

),

credits as (

    select * from {{ ref('int_credits_unioned') }}

),

{%- set attributes = [
    ('project_name', 'name'), ('proponent', 'proponent'), ('country_raw', 'country_raw'),
    ('state', 'state'), ('registry_project_type', 'registry_project_type'),
    ('protocol_raw', 'protocol_raw'),
] %}

credit_attributes as (

    select
        project_id,
        min(registry) as registry,
        {% for credit_column, project_column in attributes -%}
            (
                array_agg(
                    {{ credit_column }}
                    order by transaction_date desc nulls last, source_row_numbers[1] desc
                ) filter (where {{ credit_column }} is not null)
            )[1] as {{ project_column }},
        {% endfor -%}
        bool_or(is_compliance_listed) as is_compliance_listed,
        min(source_load_id) as source_load_id,
        min(source_file) as source_file,
        min(source_row_numbers[1]) as source_row_number

    from credits
    where project_id is not null
    group by project_id

),

-- A project list can name a project twice; the later row of the export wins.
listed_projects as (

    select distinct on (project_id) *
    from projects
    order by project_id asc, source_row_number desc

),

listed as (

    select
        listed_projects.project_id,
        listed_projects.registry_project_id,
        listed_projects.registry,
        coalesce(listed_projects.name, credit_attributes.name) as name,
        coalesce(listed_projects.proponent, credit_attributes.proponent) as proponent,
        coalesce(
            listed_projects.registry_project_type, credit_attributes.registry_project_type
        ) as registry_project_type,
        coalesce(listed_projects.protocol_raw, credit_attributes.protocol_raw) as protocol_raw,
        listed_projects.registry_status,
        listed_projects.voluntary_status,
        listed_projects.compliance_status,
        coalesce(listed_projects.country_raw, credit_attributes.country_raw) as country_raw,
        listed_projects.region,
        coalesce(listed_projects.state, credit_attributes.state) as state,
        listed_projects.is_compliance_listed
        or coalesce(credit_attributes.is_compliance_listed, false) as is_compliance_listed,
        listed_projects.listed_at,
        listed_projects.registered_at,
        listed_projects.crediting_period_start,
        listed_projects.crediting_period_end,
        'projects'::text as source,
        listed_projects.source_load_id,
        listed_projects.source_file,
        listed_projects.source_row_number

    from listed_projects
    left join credit_attributes on listed_projects.project_id = credit_attributes.project_id

),

credits_only as (

    select
        credit_attributes.project_id,
        case
            when credit_attributes.registry in ('verra', 'gold-standard')
                then substring(credit_attributes.project_id from 4)
            else credit_attributes.project_id
        end as registry_project_id,
        credit_attributes.registry,
        credit_attributes.name,
        credit_attributes.proponent,
        credit_attributes.registry_project_type,
        credit_attributes.protocol_raw,
        null::text as registry_status,
        null::text as voluntary_status,
        null::text as compliance_status,
        credit_attributes.country_raw,
        null::text as region,
        credit_attributes.state,
        credit_attributes.is_compliance_listed,
        null::date as listed_at,
        null::date as registered_at,
        null::date as crediting_period_start,
        null::date as crediting_period_end,
        'credits'::text as source,
        credit_attributes.source_load_id,
        credit_attributes.source_file,
        credit_attributes.source_row_number

    from credit_attributes
    where not exists (
            select 1 from listed_projects
            where listed_projects.project_id = credit_attributes.project_id
        )

),

final as (

    select * from listed
    union all
    select * from credits_only

)

select * from final
