-- Methodology ids parsed out of every raw methodology text of projects and credits.
-- Codes are found with patterns first, so that unseen spellings of known codes still
-- match (better than the reference, which looks raw strings up exactly):
--   CDM        ACM0002, AM0001, AR-ACM0003, AR-AMS0007, "ACM 0002"
--   CDM small  AMS-I.D., AMS-III.AJ., "AMS III.D"
--   Verra      VM0007, VMR0014, VMD0001
-- and normalized to lower-case ids (acm0002, ams-i-d, ar-acm0003, vm0007). A text that
-- names several (separated by ";" or "/", with titles and versions around them) gives
-- them all, in order. Texts without a code (ACR, CAR, ARB, Gold Standard titles) fall
-- back to the known strings of the protocol mapping (plus the curated protocol_aliases
-- seed), trying in order: the whole text; the text without a trailing version
-- ("Landfill Gas Capture/Combustion - Version 6.0"); its first three, two, then one
-- " - " segments ("Mine Methane Capture - ARB Compliance - ARB Compliance Offset
-- Protocol ..."); then each ";"-separated part.
with

projects as (

    select * from {{ ref('int_projects_unioned') }}

),

credits as (

    select * from {{ ref('int_credits_unioned') }}

),

known_strings as (

    select * from {{ ref('protocol_strings') }}

),

aliases as (

    select * from {{ ref('protocol_aliases') }}

),

protocol_strings as (

    -- The reference maps some texts to a protocol named "unknown": they name none.
    select
        protocol_text_key,
        protocol_id
    from known_strings
    where protocol_id <> 'unknown'
    union
    select
        protocol_text_key,
        protocol_id
    from aliases

),

raw_texts as (

    -- CAR's project types are parsed too: they are known protocol strings ("Mine Methane
    -- Capture - ARB Compliance"), and CAR's project list names no protocol.
    select protocol_raw from projects
    where protocol_raw is not null
    union
    select protocol_raw from credits
    where protocol_raw is not null
    union
    select registry_project_type from projects
    where registry = 'climate-action-reserve' and registry_project_type is not null

),

code_matches as (

    select
        raw_texts.protocol_raw,
        matches.position,
        -- "AMS-III.D." -> "ams-iii-d"; "ACM 0002" -> "acm0002"
        trim(
            both '-' from regexp_replace(
                regexp_replace(lower(matches.parts[1]), '[.\s_]+', '-', 'g'),
                '([a-z])-([0-9])',
                '\1\2',
                'g'
            )
        ) as protocol_id
    from raw_texts
    cross join lateral regexp_matches(
        raw_texts.protocol_raw,
        '\m((?:AR-)?(?:ACM|AMS|AM)[\s-]?[0-9]{4}'
        || '|AMS[\s-]?(?:IV|I{1,3})[.\s-]?[A-Z]{1,2}\M'
        || '|VM[RD]?[\s-]?[0-9]{4,5})',
        'gi'
    ) with ordinality as matches (parts, position)

),

parsed_codes as (

    select
        protocol_raw,
        array_agg(protocol_id order by first_position) as protocol
    from (
        select
            protocol_raw,
            protocol_id,
            min(position) as first_position
        from code_matches
        group by protocol_raw, protocol_id
    ) as distinct_codes
    group by protocol_raw

),

candidates as (

    select
        protocol_raw,
        1 as priority,
        protocol_raw as candidate
    from raw_texts

    union all

    select
        protocol_raw,
        2 as priority,
        regexp_replace(
            protocol_raw, '[\s,-]*\m(version|ver\.?|v)\s*[0-9][0-9.]*\s*$', '', 'i'
        ) as candidate
    from raw_texts

    union all

    select
        protocol_raw,
        3 as priority,
        array_to_string((string_to_array(protocol_raw, ' - '))[1:3], ' - ') as candidate
    from raw_texts

    union all

    select
        protocol_raw,
        4 as priority,
        array_to_string((string_to_array(protocol_raw, ' - '))[1:2], ' - ') as candidate
    from raw_texts

    union all

    select
        protocol_raw,
        5 as priority,
        split_part(protocol_raw, ' - ', 1) as candidate
    from raw_texts

    union all

    select
        raw_texts.protocol_raw,
        6 as priority,
        parts.part as candidate
    from raw_texts
    cross join lateral regexp_split_to_table(raw_texts.protocol_raw, ';') as parts (part)

),

candidate_matches as (

    select
        candidates.protocol_raw,
        candidates.priority,
        protocol_strings.protocol_id,
        rank() over (
            partition by candidates.protocol_raw order by candidates.priority
        ) as priority_rank
    from candidates
    inner join protocol_strings
        on lower(btrim(candidates.candidate)) = protocol_strings.protocol_text_key

),

known_string_matches as (

    select
        protocol_raw,
        array_agg(distinct protocol_id order by protocol_id) as protocol
    from candidate_matches
    where priority_rank = 1
    group by protocol_raw

),

final as (

    select
        raw_texts.protocol_raw,
        coalesce(parsed_codes.protocol, known_string_matches.protocol) as protocol,
        case
            when parsed_codes.protocol is not null then 'pattern'
            when known_string_matches.protocol is not null then 'known-string'
        end as protocol_match

    from raw_texts
    left join parsed_codes on raw_texts.protocol_raw = parsed_codes.protocol_raw
    left join known_string_matches
        on raw_texts.protocol_raw = known_string_matches.protocol_raw

)

select * from final
