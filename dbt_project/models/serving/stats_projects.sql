-- The market summary at project grain: what /stats adds up, with the columns its splits
-- (registry, category, country) and filters need, and the project's developers, so the
-- developer count of any filtered set is a count of distinct ids.
{{ config(
    alias='stats_projects' ~ var('api_suffix', ''),
    indexes=[
        {'columns': ['project_id'], 'unique': True},
        {'columns': ['registry']},
        {'columns': ['category']},
        {'columns': ['country_code']},
    ],
) }}

with

projects as (

    select * from {{ source('api', 'projects') }}

),

developer_links as (

    select * from {{ source('api', 'project_developer_links') }}

),

project_developers as (

    select
        project_id,
        array_agg(developer_id order by developer_id) as developer_ids
    from developer_links
    group by project_id

),

final as (

    select
        projects.project_id,
        projects.registry,
        projects.category,
        projects.country,
        projects.country_code,
        projects.status,
        projects.issued,
        projects.retired,
        projects.cancelled,
        coalesce(project_developers.developer_ids, array[]::bigint[]) as developer_ids
    from projects
    left join project_developers on projects.project_id = project_developers.project_id

)

select * from final
