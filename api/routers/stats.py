"""/api/v1/stats: the market summary for the projects that match the project filters."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import distinct, func, select, text

from api.db.serving import stats_projects
from api.listing import ProjectFiltersDep, SessionDep, projects
from api.schemas import GroupTotals, StatsData, StatsResponse, Totals
from api.vocabulary import CATEGORIES, REGISTRIES

router = APIRouter(prefix="/api/v1", tags=["stats"])

# One pass over the matching projects per query: GROUPING SETS gives the totals and the
# splits by registry, category and country together; grouping() says which row is which.
SPLITS = ("registry", "category", "country_code")


@router.get("/stats", response_model=StatsResponse, summary="Market summary")
def stats(session: SessionDep, filters: ProjectFiltersDep) -> StatsResponse:
    """Totals (projects, issued, retired, cancelled, developers) of the projects matching
    the project filters, and the same split by registry, category and country. Every
    registry and category is present, zero where nothing matches; countries are those of
    the matching projects (a null key for projects without one), by code."""
    base = select(stats_projects)
    if filters.conditions:
        base = base.where(
            stats_projects.c.project_id.in_(select(projects.c.project_id).where(filters.where()))
        )
    base = base.subquery()
    keys = [base.c[name] for name in SPLITS]
    sets = text("grouping sets ((), (registry), (category), (country_code))")
    level = func.grouping(*keys).label("level")

    sums = (
        session.execute(
            select(
                level,
                *keys,
                func.count().label("projects"),
                func.coalesce(func.sum(base.c.issued), 0).label("issued"),
                func.coalesce(func.sum(base.c.retired), 0).label("retired"),
                func.coalesce(func.sum(base.c.cancelled), 0).label("cancelled"),
                func.min(base.c.country).label("country"),
            ).group_by(sets)
        )
        .mappings()
        .all()
    )
    unnested = select(*keys, func.unnest(base.c.developer_ids).label("developer_id")).subquery()
    unnested_keys = [unnested.c[name] for name in SPLITS]
    developer_rows = (
        session.execute(
            select(
                func.grouping(*unnested_keys).label("level"),
                *unnested_keys,
                func.count(distinct(unnested.c.developer_id)).label("developers"),
            ).group_by(sets)
        )
        .mappings()
        .all()
    )

    # grouping() bits: registry 4, category 2, country_code 1 (set when not grouped by it).
    def split_of(row) -> tuple[str | None, str | None]:
        for name, others in (("registry", 3), ("category", 5), ("country_code", 6)):
            if row["level"] == others:
                return name, row[name]
        return None, None

    developers = {split_of(row): row["developers"] for row in developer_rows}
    found: dict[str, dict] = {name: {} for name in SPLITS}
    overall = None
    for row in sums:
        split, key = split_of(row)
        if split is None:
            overall = row
            continue
        found[split][key] = GroupTotals(
            key=key,
            name=row["country"] if split == "country_code" else None,
            projects=row["projects"],
            issued=row["issued"],
            retired=row["retired"],
            cancelled=row["cancelled"],
            developers=developers.get((split, key), 0),
        )

    def zero(key: str) -> GroupTotals:
        return GroupTotals(key=key, projects=0, issued=0, retired=0, cancelled=0, developers=0)

    countries = sorted(found["country_code"], key=lambda code: (code is None, code or ""))
    return StatsResponse(
        data=StatsData(
            totals=Totals(
                projects=overall["projects"] if overall else 0,
                issued=overall["issued"] if overall else 0,
                retired=overall["retired"] if overall else 0,
                cancelled=overall["cancelled"] if overall else 0,
                developers=developers.get((None, None), 0),
            ),
            by_registry=[found["registry"].get(key) or zero(key) for key in REGISTRIES],
            by_category=[found["category"].get(key) or zero(key) for key in CATEGORIES],
            by_country=[found["country_code"][code] for code in countries],
        )
    )
