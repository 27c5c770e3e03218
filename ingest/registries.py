"""What each registry exports: the kinds of file, how to recognize them, which columns they need.

Column names are matched by name, never by position, after ``column_key`` folds case and
whitespace (so "Status Effective  (GMT)" with two spaces matches "Status Effective (GMT)").
Each required column lists the spellings seen across export dates; the first is the current
one. Columns not listed here are kept as they are: the raw tables hold every source column.

Sources of the spellings: the 2026 samples and the 2023-2026 full exports in
shared/data (see their READMEs); harmonization.md names the columns the dbt models read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = ("projects", "transactions", "issuances", "retirements", "cancellations")


def column_key(name: str) -> str:
    """Fold a header name for matching: case, surrounding and repeated whitespace."""
    return re.sub(r"\s+", " ", name).strip().casefold()


@dataclass(frozen=True)
class Column:
    """A required column and the header spellings that satisfy it."""

    name: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def find(self, header: list[str]) -> str | None:
        """The header name that satisfies this column, if any."""
        keys = {column_key(spelling) for spelling in self.spellings}
        for name in header:
            if column_key(name) in keys:
                return name
        return None


@dataclass(frozen=True)
class KindSpec:
    """One kind of export file of one registry."""

    kind: str
    required: tuple[Column, ...]
    # Columns that only this kind has among the registry's kinds: used to recognize a file
    # whose name says nothing. Every one of them must be in the header.
    signature: tuple[str, ...]
    # Columns whose presence rules this kind out (a sibling kind's own columns).
    excludes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegistrySpec:
    slug: str
    name: str
    kinds: dict[str, KindSpec]
    folder_aliases: tuple[str, ...] = field(default=())

    @property
    def schema(self) -> str:
        """The raw schema of this registry: raw_<slug with underscores>."""
        return "raw_" + self.slug.replace("-", "_")


def _columns(*specs: str | tuple[str, ...]) -> tuple[Column, ...]:
    columns = []
    for spec in specs:
        if isinstance(spec, tuple):
            columns.append(Column(spec[0], spec[1:]))
        else:
            columns.append(Column(spec))
    return tuple(columns)


# APX-platform credit files (ACR, CAR, ART) date their events "Status Effective", with a
# "(GMT)" suffix in ACR's exports (written with one or two spaces before it).
_STATUS_EFFECTIVE = ("Status Effective (GMT)", "Status Effective")
_DATE_ISSUED = ("Date Issued (GMT)", "Date Issued")

_ACR_CREDITS = _columns("Project ID", "Vintage", "Quantity of Credits", _STATUS_EFFECTIVE)
_CAR_CREDITS = _columns("Project ID", "Vintage", "Quantity of Offset Credits", _STATUS_EFFECTIVE)
_ART_CREDITS = _columns("Program ID", "Vintage", "Quantity of Credits", _STATUS_EFFECTIVE)

REGISTRIES: dict[str, RegistrySpec] = {
    spec.slug: spec
    for spec in (
        RegistrySpec(
            slug="verra",
            name="Verra (VCS)",
            folder_aliases=("vcs",),
            kinds={
                "projects": KindSpec(
                    "projects",
                    _columns(
                        "ID",
                        "Name",
                        "Proponent",
                        "Project Type",
                        "Methodology",
                        "Status",
                        "Country/Area",
                    ),
                    signature=("Proponent", "Status"),
                ),
                "transactions": KindSpec(
                    "transactions",
                    _columns(
                        "ID",
                        "Issuance Date",
                        "Vintage End",
                        "Total Vintage Quantity",
                        "Quantity Issued",
                        "Retirement/Cancellation Date",
                    ),
                    signature=("Total Vintage Quantity", "Quantity Issued"),
                ),
            },
        ),
        RegistrySpec(
            slug="gold-standard",
            name="Gold Standard",
            folder_aliases=("gold_standard", "gs"),
            kinds={
                "projects": KindSpec(
                    "projects",
                    _columns(
                        "GSID",
                        "Project Name",
                        "Project Developer Name",
                        "Status",
                        "Project Type",
                        "Country",
                        "Methodology",
                    ),
                    signature=("Project Developer Name", "Status"),
                ),
                "issuances": KindSpec(
                    "issuances",
                    _columns("GSID", "Vintage", "Credit Status", "Quantity", "Issuance Date"),
                    signature=("Credit Status", "Issuance Date"),
                    excludes=("Retirement Date",),
                ),
                "retirements": KindSpec(
                    "retirements",
                    _columns("GSID", "Vintage", "Credit Status", "Quantity", "Retirement Date"),
                    signature=("Credit Status", "Retirement Date"),
                ),
            },
        ),
        RegistrySpec(
            slug="american-carbon-registry",
            name="American Carbon Registry",
            folder_aliases=("acr",),
            kinds={
                "projects": KindSpec(
                    "projects",
                    _columns(
                        "Project ID",
                        "Project Name",
                        "Project Developer",
                        "Project Type",
                        "Project Methodology/Protocol",
                        "Voluntary Status",
                        "Compliance Program Status (ARB or Ecology)",
                        "Project Site Country",
                    ),
                    signature=("Voluntary Status",),
                ),
                "issuances": KindSpec(
                    "issuances",
                    _columns("Project ID", "Vintage", "Total Credits Issued", _DATE_ISSUED),
                    signature=("Total Credits Issued",),
                ),
                "retirements": KindSpec(
                    "retirements", _ACR_CREDITS, signature=("Retired on Behalf of",)
                ),
                "cancellations": KindSpec(
                    "cancellations", _ACR_CREDITS, signature=("Cancellation Type",)
                ),
            },
        ),
        RegistrySpec(
            slug="climate-action-reserve",
            name="Climate Action Reserve",
            folder_aliases=("car",),
            kinds={
                "projects": KindSpec(
                    "projects",
                    _columns(
                        "Project ID",
                        "Project Name",
                        "Project Developer",
                        "Project Owner",
                        "Project Type",
                        "Status",
                        "Project Site Country",
                    ),
                    signature=("Project Owner", "Status"),
                ),
                "issuances": KindSpec(
                    "issuances",
                    _columns("Project ID", "Vintage", "Total Offset Credits Issued", _DATE_ISSUED),
                    signature=("Total Offset Credits Issued",),
                ),
                "retirements": KindSpec(
                    "retirements", _CAR_CREDITS, signature=("Retirement Reason",)
                ),
                "cancellations": KindSpec(
                    "cancellations", _CAR_CREDITS, signature=("Cancellation Reason",)
                ),
            },
        ),
        RegistrySpec(
            slug="art-trees",
            name="ART TREES",
            folder_aliases=("art", "art_trees"),
            kinds={
                "projects": KindSpec(
                    "projects",
                    _columns(
                        "Program ID",
                        "Program Name",
                        "Sovereign Program Developer",
                        "Status",
                        "Program Country",
                    ),
                    signature=("Status", "Program Name"),
                ),
                "issuances": KindSpec(
                    "issuances",
                    _columns("Program ID", "Vintage", "Credits Verified", "Date Approved"),
                    signature=("Credits Verified",),
                ),
                "retirements": KindSpec(
                    "retirements", _ART_CREDITS, signature=("Retired on Behalf of",)
                ),
                "cancellations": KindSpec(
                    "cancellations", _ART_CREDITS, signature=("Cancellation Reason",)
                ),
            },
        ),
    )
}


def registry_for_folder(folder_name: str) -> RegistrySpec | None:
    """The registry a data folder holds, by slug or a known alias."""
    key = folder_name.strip().lower()
    for spec in REGISTRIES.values():
        if key == spec.slug or key in spec.folder_aliases:
            return spec
    return None


# A kind is named in a file name as a word: "projects-2024-10.csv", "VCUs transactions.csv",
# "retirements.csv", "issuance_report.csv".
_KIND_WORDS = {
    "projects": ("project", "projects", "programs", "program"),
    "transactions": ("transaction", "transactions", "vcus", "vcu"),
    "issuances": ("issuance", "issuances", "issued"),
    "retirements": ("retirement", "retirements", "retired"),
    "cancellations": ("cancellation", "cancellations", "cancelled", "canceled"),
}


def kind_from_file_name(registry: RegistrySpec, file_name: str) -> str | None:
    """The kind a file name names, when it names exactly one kind this registry exports."""
    stem = file_name.rsplit(".", 1)[0].lower()
    words = set(re.split(r"[^a-z]+", stem))
    found = {
        kind for kind, names in _KIND_WORDS.items() if kind in registry.kinds and words & set(names)
    }
    return found.pop() if len(found) == 1 else None


def kind_from_header(registry: RegistrySpec, header: list[str]) -> str | None:
    """The kind whose signature columns are all in the header, when exactly one kind fits."""
    keys = {column_key(name) for name in header}
    found = [
        spec.kind
        for spec in registry.kinds.values()
        if all(column_key(name) in keys for name in spec.signature)
        and not any(column_key(name) in keys for name in spec.excludes)
    ]
    return found[0] if len(found) == 1 else None
