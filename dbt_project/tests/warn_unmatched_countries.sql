-- Warns with every raw country value that is not one ISO 3166 country ("International",
-- several countries, unknown spellings); country stays null, country_raw keeps it.
{{ config(severity='warn') }}

select
    registry,
    country_raw,
    count(*) as projects
from {{ ref('projects') }}
where country_raw is not null and country_code is null
group by registry, country_raw
order by projects desc
