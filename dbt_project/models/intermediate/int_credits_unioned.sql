-- Every registry's credit rows in one shape, with a literal registry column.
{%- set shared_columns = [
    'project_id', 'transaction_type', 'serial_number', 'project_name', 'proponent',
    'country_raw', 'state', 'registry_project_type', 'protocol_raw', 'retirement_account',
    'retirement_beneficiary', 'retirement_reason', 'retirement_note', 'quantity', 'vintage',
    'is_compliance_listed', 'transaction_date', 'source_load_id', 'source_file',
] -%}
{%- set apx_registries = [
    ('american-carbon-registry', 'acr'),
    ('climate-action-reserve', 'car'),
    ('art-trees', 'art_trees'),
] -%}
{%- set apx_kinds = ['issuances', 'retirements', 'cancellations'] %}

with

verra_issuances as (

    select * from {{ ref('int_verra__issuances_derived') }}

),

verra_retirements as (

    select * from {{ ref('int_verra__retirements') }}

),

gold_standard_credits as (

    select * from {{ ref('int_gold_standard__credits') }}

),

{% for registry, prefix in apx_registries %}{% for kind in apx_kinds %}
    {{ prefix }}_{{ kind }} as (

        select * from {{ ref('stg_' ~ prefix ~ '__' ~ kind) }}

    ),
{% endfor %}{% endfor %}

unioned as (

    select
        'verra'::text as registry,
        {{ shared_columns | join(',\n        ') }},
        vintage_start,
        vintage_end,
        source_row_numbers
    from verra_issuances

    union all

    select
        'verra'::text as registry,
        {{ shared_columns | join(',\n        ') }},
        vintage_start,
        vintage_end,
        source_row_numbers
    from verra_retirements

    union all

    select
        'gold-standard'::text as registry,
        {{ shared_columns | join(',\n        ') }},
        vintage_start,
        vintage_end,
        source_row_numbers
    from gold_standard_credits
    where transaction_type is not null

        {% for registry, prefix in apx_registries %}{% for kind in apx_kinds %}
        union all

        select
            '{{ registry }}'::text as registry,
            {{ shared_columns | join(',\n        ') }},
            null::date as vintage_start,
            null::date as vintage_end,
            array[source_row_number] as source_row_numbers
        from {{ prefix }}_{{ kind }}
    {% endfor %}{% endfor %}

)

select * from unioned
