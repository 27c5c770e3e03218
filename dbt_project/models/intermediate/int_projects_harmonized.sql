-- Projects with every harmonized attribute of harmonization.md sections 5-7:
-- status from the status map; protocol ids parsed from the methodology text (for CAR
-- listed projects, from their project type); category from the first protocol that has
-- one, else from the registry's own project type, else unknown; project type from the
-- Berkeley list by project id, else from the protocol, else from the registry's type;
-- country through ISO 3166 (country_raw keeps values that are not one country).
with

projects as (

    select * from {{ ref('int_projects_enriched_from_credits') }}

),

protocols_parsed as (

    select * from {{ ref('int_protocols_parsed') }}

),

status_map as (

    select * from {{ ref('status_map') }}

),

protocol_catalogue as (

    select * from {{ ref('protocol_catalogue') }}

),

protocol_project_types as (

    select * from {{ ref('protocol_project_types') }}

),

project_types as (

    select * from {{ ref('project_types') }}

),

registry_project_types as (

    select * from {{ ref('registry_project_types') }}

),

berkeley_project_types as (

    select * from {{ ref('berkeley_project_types') }}

),

country_aliases as (

    select * from {{ ref('country_aliases') }}

),

countries as (

    select * from {{ ref('countries') }}

),

with_protocol as (

    select
        projects.*,
        -- Verra writes several sectoral scopes ("Energy demand; Transport"): the first leads.
        btrim(split_part(projects.registry_project_type, ';', 1)) as primary_registry_type,
        coalesce(
            parsed_methodology.protocol,
            case when projects.registry = 'climate-action-reserve' then parsed_type.protocol end,
            array[]::text[]
        ) as protocol
    from projects
    left join protocols_parsed as parsed_methodology
        on projects.protocol_raw = parsed_methodology.protocol_raw
    left join protocols_parsed as parsed_type
        on projects.registry_project_type = parsed_type.protocol_raw

),

protocol_facts as (

    -- The first protocol (in the order the text names them) with a category, and the
    -- first with a project type.
    select
        with_protocol.project_id,
        (
            array_agg(protocol_catalogue.category order by protocols.position)
            filter (where protocol_catalogue.category <> 'unknown')
        )[1] as category,
        (
            array_agg(protocol_project_types.project_type_key order by protocols.position)
            filter (where protocol_project_types.project_type_key is not null)
        )[1] as project_type_key,
        bool_or(protocols.protocol_id like 'arb-%' or protocols.protocol_id like 'ecy-%')
            as has_compliance_protocol
    from with_protocol
    cross join
        lateral unnest(with_protocol.protocol) with ordinality
            as protocols (protocol_id, position)
    left join protocol_catalogue on protocols.protocol_id = protocol_catalogue.protocol_id
    left join protocol_project_types
        on protocol_catalogue.sub_category = protocol_project_types.sub_category
    group by with_protocol.project_id

),

final as (

    select
        -- ids
        with_protocol.project_id,
        with_protocol.registry_project_id,
        with_protocol.registry,

        -- text
        with_protocol.name,
        with_protocol.proponent,
        coalesce(status_map.status, 'unknown') as status,
        with_protocol.registry_status,
        coalesce(
            protocol_facts.category, registry_project_types.category, 'unknown'
        ) as category,
        coalesce(
            berkeley_types.project_type,
            protocol_types.project_type,
            registry_types.project_type,
            with_protocol.primary_registry_type
        ) as project_type,
        with_protocol.registry_project_type,
        with_protocol.protocol,
        with_protocol.protocol_raw,
        countries.country,
        countries.country_code,
        with_protocol.country_raw,
        with_protocol.region,
        with_protocol.state,

        -- booleans
        with_protocol.is_compliance_listed
        or coalesce(protocol_facts.has_compliance_protocol, false) as is_compliance,

        -- dates
        with_protocol.listed_at,
        with_protocol.registered_at,
        with_protocol.crediting_period_start,
        with_protocol.crediting_period_end,

        -- provenance
        with_protocol.source,
        with_protocol.source_load_id,
        with_protocol.source_file,
        with_protocol.source_row_number

    from with_protocol
    left join protocol_facts on with_protocol.project_id = protocol_facts.project_id
    left join status_map
        on with_protocol.registry = status_map.registry
            and lower(with_protocol.registry_status) = lower(status_map.registry_status)
    left join registry_project_types
        on with_protocol.registry = registry_project_types.registry
            and lower(with_protocol.primary_registry_type)
            = lower(registry_project_types.registry_project_type)
    left join berkeley_project_types on with_protocol.project_id = berkeley_project_types.project_id
    left join project_types as berkeley_types
        on berkeley_project_types.project_type_key = berkeley_types.project_type_key
    left join project_types as protocol_types
        on protocol_facts.project_type_key = protocol_types.project_type_key
    left join project_types as registry_types
        on registry_project_types.project_type_key = registry_types.project_type_key
    left join country_aliases
        on regexp_replace(lower(with_protocol.country_raw), '[[:space:][:punct:]]', '', 'g')
            = country_aliases.country_key
    left join countries on country_aliases.country_code = countries.country_code

)

select * from final
