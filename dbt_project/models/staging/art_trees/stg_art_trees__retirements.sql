{%- set source_relation = source('art_trees', 'retirements') -%}
{%- set columns = raw_columns(source_relation) -%}

with

source as (

    select * from {{ raw_relation(source_relation, columns) }}

),

renamed as (

    select
        {{ apx_credit_columns(columns, 'retirement') }}

    from source

)

select * from renamed
