-- Warns with every raw status the status_map seed does not know (mapped to unknown).
-- Projects known only from credit files have no status text and are not listed.
{{ config(severity='warn') }}

select
    registry,
    registry_status,
    count(*) as projects
from {{ ref('projects') }}
where status = 'unknown' and registry_status is not null
group by registry, registry_status
order by projects desc
