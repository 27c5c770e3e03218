-- Every registry's project list in one shape. registry_status is the status text the
-- status map reads: for ACR, the compliance programme status when the project is ARB or
-- Ecology eligible (its compliance status is set and is not "Not ARB or Ecology
-- Eligible"), otherwise the voluntary status.
{%- set registries = [
    ('verra', 'verra'),
    ('gold-standard', 'gold_standard'),
    ('american-carbon-registry', 'acr'),
    ('climate-action-reserve', 'car'),
    ('art-trees', 'art_trees'),
] %}

with

{% for registry, prefix in registries %}
    {{ prefix }}_projects as (

        select * from {{ ref('stg_' ~ prefix ~ '__projects') }}

    ),
{% endfor %}

unioned as (

    {% for registry, prefix in registries %}
        select
            '{{ registry }}'::text as registry,
            *
        from {{ prefix }}_projects
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        project_id,
        registry_project_id,
        registry,
        name,
        proponent,
        registry_project_type,
        protocol_raw,
        case
            when registry = 'american-carbon-registry'
                and compliance_status is not null
                and compliance_status not ilike 'Not %'
                then compliance_status
            else registry_status
        end as registry_status,
        registry_status as voluntary_status,
        compliance_status,
        country_raw,
        region,
        state,
        is_compliance_listed,
        listed_at,
        registered_at,
        crediting_period_start,
        crediting_period_end,
        source_load_id,
        source_row_number,
        source_file

    from unioned
    where project_id is not null

)

select * from final
