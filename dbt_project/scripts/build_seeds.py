"""Build the dbt seeds that are derived from reference data, so nobody edits them by hand.

    python dbt_project/scripts/build_seeds.py [--reference ../shared/data/reference]

Writes into dbt_project/seeds/:

* countries.csv            from pycountry (ISO 3166-1), plus the spellings registries use
* protocol_catalogue.csv   from all-protocol-mapping.json (CarbonPlan offsets-db-data, MIT)
* protocol_strings.csv     the same file's "known-strings": raw methodology text -> id
* project_types.csv        from type-category-mapping.json (offsets-db-data, MIT)
* berkeley_project_types.csv  from berkeley-project-types.json (Berkeley Carbon Trading
                           Project, CC BY 4.0: Haya et al.)
* beneficiary_mappings.csv the exact-string mass edits of beneficiary-mappings.json

status_map.csv, registry_project_types.csv and protocol_project_types.csv are curated
by hand (their YAML says from what). Re-running this script gives byte-identical files
for the same inputs; a test checks that the committed seeds are what it writes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

import pycountry

DBT_DIR = Path(__file__).resolve().parent.parent
SEEDS = DBT_DIR / "seeds"
DEFAULT_REFERENCE = DBT_DIR.parent.parent / "shared" / "data" / "reference"

# The reference's category vocabulary projected onto ours (harmonization.md, section 6).
CATEGORY_PROJECTION = {
    "forest": "forest-and-land-use",
    "land-use": "forest-and-land-use",
    "agriculture": "agriculture",
    "renewable-energy": "renewable-energy",
    "energy-efficiency": "energy-efficiency",
    "fuel-switching": "fuel-switching",
    "ghg-management": "ghg-management",
    "air-capture": "carbon-removal",
    "alkalinity-cdr": "carbon-removal",
    "biomass-cdr": "carbon-removal",
    # Three project types store CO2 in concrete or plastics: durable storage, so removal.
    "carbon-capture": "carbon-removal",
    "unknown": "unknown",
}

# Spellings seen in registry exports that ISO 3166 and pycountry do not list.
COUNTRY_ALIASES = {
    "CV": ["Cape Verde"],
    "TR": ["Turkey"],
    "MK": ["North Macedonia Republic of", "Macedonia", "Republic of Macedonia"],
    "CD": ["Democratic Republic of the Congo", "DR Congo", "DRC", "Congo DR"],
    "CG": ["Republic of the Congo", "Congo Republic"],
    "US": ["USA", "United States of America", "U.S.", "U.S.A."],
    "GB": ["UK", "Great Britain", "England", "Scotland", "Wales"],
    "SZ": ["Swaziland"],
    "CZ": ["Czech Republic"],
    "MM": ["Burma"],
    "LA": ["Lao PDR", "Laos"],
    "KR": ["South Korea", "Republic of Korea"],
    "VN": ["Vietnam"],
    "TZ": ["Tanzania"],
    "CI": ["Ivory Coast"],
    "PS": ["Palestine"],
}
# Kosovo has no ISO 3166-1 code; XK is the user-assigned code the EU, IMF and SWIFT use.
EXTRA_COUNTRIES = [("XK", "XKX", "Kosovo", ["Kosovo Republic of", "Republic of Kosovo"])]


def country_keys(text: str) -> set[str]:
    """Join keys for a country spelling: lower-case, no spaces or ASCII punctuation.

    The dbt model computes ``regexp_replace(lower(value), '[[:space:][:punct:]]', '', 'g')``.
    PostgreSQL's lower() leaves non-ASCII letters alone under the C collation and lowers
    them under other collations, so both forms are listed, each with and without accents.
    """
    variants = {text, unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()}
    keys = set()
    for variant in variants:
        stripped = re.sub(r"[\s!-/:-@\[-`{-~]", "", variant)
        keys.add(stripped.lower())
        keys.add(re.sub(r"[A-Z]", lambda m: m.group(0).lower(), stripped))
    return {key for key in keys if key}


def build_countries() -> tuple[list[list[str]], list[list[str]]]:
    countries: list[list[str]] = []
    aliases: dict[str, str] = {}
    records = [
        (
            c.alpha_2,
            c.alpha_3,
            getattr(c, "common_name", None) or c.name,
            [
                c.name,
                getattr(c, "official_name", None),
                getattr(c, "common_name", None),
                c.alpha_2,
                c.alpha_3,
                *COUNTRY_ALIASES.get(c.alpha_2, []),
            ],
        )
        for c in pycountry.countries
    ]
    records += [(a2, a3, name, [name, a2, a3, *extra]) for a2, a3, name, extra in EXTRA_COUNTRIES]
    for alpha_2, alpha_3, name, spellings in sorted(records):
        countries.append([alpha_2, alpha_3, name])
        for spelling in filter(None, spellings):
            for key in country_keys(spelling):
                previous = aliases.setdefault(key, alpha_2)
                if previous != alpha_2:
                    raise SystemExit(f"country key {key!r} names {previous} and {alpha_2}")
    alias_rows = sorted([key, code] for key, code in aliases.items())
    return countries, alias_rows


def build_protocols(reference: Path) -> tuple[list[list[str]], list[list[str]]]:
    mapping = json.loads((reference / "all-protocol-mapping.json").read_text(encoding="utf-8"))
    catalogue, strings = [], {}
    for protocol_id, entry in sorted(mapping.items()):
        category = CATEGORY_PROJECTION.get(entry.get("category") or "unknown", "unknown")
        sub_category = entry.get("sub-category")
        if isinstance(sub_category, list):
            sub_category = "; ".join(sub_category)
        catalogue.append(
            [
                protocol_id,
                category,
                entry.get("category") or "",
                entry.get("program") or "",
                sub_category or "",
                entry.get("url") or "",
            ]
        )
        # Five entries of the published file spell the key "known-string".
        for text in entry.get("known-strings", []) + entry.get("known-string", []):
            key = text.strip().lower()
            if key and strings.setdefault(key, protocol_id) != protocol_id:
                # The same text under two ids: keep the first id, alphabetically.
                continue
    string_rows = sorted([text, protocol_id] for text, protocol_id in strings.items())
    return catalogue, string_rows


def build_project_types(reference: Path) -> list[list[str]]:
    mapping = json.loads((reference / "type-category-mapping.json").read_text(encoding="utf-8"))
    return sorted(
        [
            key,
            entry["project-type-display-name"],
            CATEGORY_PROJECTION[entry["category"]],
            entry["category"],
        ]
        for key, entry in mapping.items()
    )


def build_berkeley(reference: Path) -> list[list[str]]:
    mapping = json.loads((reference / "berkeley-project-types.json").read_text(encoding="utf-8"))
    return sorted([project_id, project_type] for project_id, project_type in mapping.items())


def build_beneficiaries(reference: Path) -> list[list[str]]:
    """Exact-string mass edits: merged 'account;%beneficiary;%note;%reason' text -> name."""
    operations = json.loads((reference / "beneficiary-mappings.json").read_text(encoding="utf-8"))
    rules: dict[str, str] = {}
    for operation in operations:
        if operation.get("op") != "core/mass-edit":
            continue
        for edit in operation["edits"]:
            for source in edit["from"]:
                # Later edits of the same text win, as when the history is replayed.
                rules[source] = edit["to"]
    # Drop the history's artefacts: rules from empty text, or to "0" or nothing.
    return sorted(
        [source, target]
        for source, target in rules.items()
        if source.strip() and target and target.strip() not in ("", "0")
    )


def write_csv(name: str, header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def build(reference: Path) -> dict[str, str]:
    countries, country_aliases = build_countries()
    catalogue, strings = build_protocols(reference)
    return {
        "countries.csv": write_csv(
            "countries", ["country_code", "country_alpha_3", "country"], countries
        ),
        "country_aliases.csv": write_csv(
            "country_aliases", ["country_key", "country_code"], country_aliases
        ),
        "protocol_catalogue.csv": write_csv(
            "protocol_catalogue",
            ["protocol_id", "category", "reference_category", "program", "sub_category", "url"],
            catalogue,
        ),
        "protocol_strings.csv": write_csv(
            "protocol_strings", ["protocol_text_key", "protocol_id"], strings
        ),
        "project_types.csv": write_csv(
            "project_types",
            ["project_type_key", "project_type", "category", "reference_category"],
            build_project_types(reference),
        ),
        "berkeley_project_types.csv": write_csv(
            "berkeley_project_types", ["project_id", "project_type_key"], build_berkeley(reference)
        ),
        "beneficiary_mappings.csv": write_csv(
            "beneficiary_mappings",
            ["merged_text", "beneficiary_harmonized"],
            build_beneficiaries(reference),
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a committed seed differs from what would be written",
    )
    args = parser.parse_args()
    outputs = build(args.reference)
    stale = []
    for name, text in outputs.items():
        path = SEEDS / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(DBT_DIR.parent)} ({text.count(chr(10)) - 1} rows)")
    if stale:
        print("stale seeds (run dbt_project/scripts/build_seeds.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
