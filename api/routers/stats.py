"""/api/v1/stats: the market summary for the projects that match the project filters."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import ColumnElement, Subquery, distinct, func, select
from sqlmodel import Session

from api.db.serving import stats_projects
from api.listing import ProjectFiltersDep, SessionDep, projects
from api.schemas import GroupTotals, StatsData, StatsResponse, Totals
from api.vocabulary import CATEGORIES, REGISTRIES

router = APIRouter(prefix="/api/v1", tags=["stats"])


def _totals(session: Session, base: Subquery, key: ColumnElement | None) -> dict:
    """{key: (projects, issued, retired, cancelled, developers)} over the matching projects."""
    keys = [key] if key is not None else []
    sums = select(
        *keys,
        func.count().label("projects"),
        func.coalesce(func.sum(base.c.issued), 0).label("issued"),
        func.coalesce(func.sum(base.c.retired), 0).label("retired"),
        func.coalesce(func.sum(base.c.cancelled), 0).label("cancelled"),
    ).group_by(*keys)
    unnested = select(*keys, func.unnest(base.c.developer_ids).label("developer_id")).subquery()
    unnested_keys = [unnested.c[key.name]] if key is not None else []
    developers = select(*unnested_keys, func.count(distinct(unnested.c.developer_id))).group_by(
        *unnested_keys
    )
    counts = {row[0] if key is not None else None: row[-1] for row in session.execute(developers)}
    return {
        (row[0] if key is not None else None): (
            *row[-4:],
            counts.get(row[0] if key is not None else None, 0),
        )
        for row in session.execute(sums)
    }


def _groups(found: dict, keys: list, names: dict | None = None) -> list[GroupTotals]:
    result = []
    for key in keys:
        projects_count, issued, retired, cancelled, developers = found.get(key, (0, 0, 0, 0, 0))
        result.append(
            GroupTotals(
                key=key,
                name=(names or {}).get(key),
                projects=projects_count,
                issued=issued,
                retired=retired,
                cancelled=cancelled,
                developers=developers,
            )
        )
    return result


@router.get("/stats", response_model=StatsResponse, summary="Market summary")
def stats(session: SessionDep, filters: ProjectFiltersDep) -> StatsResponse:
    """Totals (projects, issued, retired, cancelled, developers) of the projects matching
    the project filters, and the same split by registry, category and country. Every
    registry and category is present, zero where nothing matches; countries are those of
    the matching projects (a null key for projects without one), by code."""
    matching = select(projects.c.project_id).where(filters.where())
    base = select(stats_projects).where(stats_projects.c.project_id.in_(matching)).subquery()

    overall = _totals(session, base, None).get(None, (0, 0, 0, 0, 0))
    by_country = _totals(session, base, base.c.country_code)
    names = dict(
        session.execute(
            select(base.c.country_code, func.min(base.c.country)).group_by(base.c.country_code)
        ).all()
    )
    country_keys = sorted(by_country, key=lambda code: (code is None, code or ""))
    return StatsResponse(
        data=StatsData(
            totals=Totals(
                projects=overall[0],
                issued=overall[1],
                retired=overall[2],
                cancelled=overall[3],
                developers=overall[4],
            ),
            by_registry=_groups(_totals(session, base, base.c.registry), list(REGISTRIES)),
            by_category=_groups(_totals(session, base, base.c.category), list(CATEGORIES)),
            by_country=_groups(by_country, country_keys, names),
        )
    )
