-- Warns with every raw methodology text from which no protocol id could be read.
{{ config(severity='warn') }}

select
    registry,
    protocol_raw,
    count(*) as projects
from {{ ref('projects') }}
where protocol_raw is not null and cardinality(protocol) = 0
group by registry, protocol_raw
order by projects desc
