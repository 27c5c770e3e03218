{#- The select list of an APX-platform credit file (ACR, CAR, ART TREES).

    The three registries run on the same platform and export the same shape under their
    own column names; `pick` takes the first spelling a file has, so one list serves all
    three. Quantities follow harmonization.md: ACR "Total Credits Issued", CAR "Total
    Offset Credits Issued", ART "Credits Verified" (net of the buffer contribution) for
    issuances; "Quantity of (Offset) Credits" for retirements and cancellations.
    Dates are month-first (3/24/2026 9:08:01 PM). -#}
{% macro apx_credit_columns(columns, transaction_type) -%}
    {%- if transaction_type == 'issuance' -%}
        {%- set quantity = ['Total Credits Issued', 'Total Offset Credits Issued', 'Credits Verified'] -%}
        {%- set event_date = ['Date Issued (GMT)', 'Date Issued', 'Date Approved'] -%}
    {%- else -%}
        {%- set quantity = ['Quantity of Credits', 'Quantity of Offset Credits'] -%}
        {%- set event_date = ['Status Effective (GMT)', 'Status Effective'] -%}
    {%- endif -%}
    {%- if transaction_type == 'cancellation' -%}
        {%- set reason = ['Cancellation Type', 'Cancellation Reason'] -%}
        {%- set note = ['Cancellation Details', 'Export Notes'] -%}
    {%- else -%}
        {%- set reason = ['Retirement Reason'] -%}
        {%- set note = ['Purpose of Retirement', 'Retirement Reason Details'] -%}
    {%- endif -%}
        -- ids
        {{ clean(pick(columns, ['Project ID', 'Program ID'])) }} as project_id,
        {{ clean(pick(columns, ['Credit Serial Numbers', 'Offset Credit Serial Numbers'])) }}
            as serial_number,

        -- text
        '{{ transaction_type }}'::text as transaction_type,
        {{ clean(pick(columns, ['Project Name', 'Program Name'])) }} as project_name,
        coalesce(
            {{ clean(pick(columns, ['Project Developer', 'Sovereign Program Developer'])) }},
            {{ clean(pick(columns, ['Project Owner'])) }}
        ) as proponent,
        {{ clean(pick(columns, ['Project Site Country', 'Program Country'])) }} as country_raw,
        {{ clean(pick(columns, ['Project Site State', 'Program Jurisdiction(s)'])) }} as state,
        {{ clean(pick(columns, ['Project Type', 'Program Type'])) }} as registry_project_type,
        {{ clean(pick(columns, [
            'Project Methodology/Protocol', 'Protocol and Version', 'Crediting Program and Standard',
        ])) }} as protocol_raw,
        {{ clean(pick(columns, ['Account Holder'])) }} as retirement_account,
        {{ clean(pick(columns, ['Retired on Behalf of'])) }} as retirement_beneficiary,
        {{ clean(pick(columns, reason)) }} as retirement_reason,
        {{ clean(pick(columns, note)) }} as retirement_note,

        -- numbers
        {{ to_number(pick(columns, quantity)) }} as quantity,
        {{ to_year(pick(columns, ['Vintage'])) }} as vintage,

        -- booleans
        coalesce(
            upper({{ pick(columns, ['ARB Eligible']) }}) = 'YES'
            or upper({{ pick(columns, ['Ecology Eligible', 'WA ECO Eligible']) }}) = 'YES',
            false
        ) as is_compliance_listed,

        -- dates
        {{ to_date(pick(columns, event_date), slashed='month_first') }} as transaction_date,

        -- provenance
        _load_id as source_load_id,
        _row_number as source_row_number,
        _file_name as source_file
{%- endmacro %}
