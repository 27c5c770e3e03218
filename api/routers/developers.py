"""/api/v1/developers: developer entities resolved from the projects' proponent texts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from sqlalchemy import ColumnElement, and_, func, or_, select

from api.db.models import ProjectDeveloper
from api.listing import (
    PageDep,
    SessionDep,
    SortQuery,
    checked_slugs,
    checked_text,
    contains,
    country_matches,
    links,
    order_by,
    paginate,
    projects,
)
from api.schemas import DeveloperDetail, DevelopersPage
from api.vocabulary import CATEGORIES, REGISTRIES

router = APIRouter(prefix="/api/v1/developers", tags=["developers"])

developers = ProjectDeveloper.__table__

SORT_FIELDS = {
    "name": developers.c.name,
    "project_count": developers.c.project_count,
    "total_issued": developers.c.total_issued,
    "total_retired": developers.c.total_retired,
}
PUBLIC_COLUMNS = [column for column in developers.c if column.name != "aliases"]


@router.get("", response_model=DevelopersPage, summary="List developers")
def list_developers(
    request: Request,
    session: SessionDep,
    page: PageDep,
    search: Annotated[
        str | None, Query(description="Substring of the name or a known alias.")
    ] = None,
    registry: Annotated[list[str] | None, Query()] = None,
    category: Annotated[list[str] | None, Query()] = None,
    country: Annotated[
        list[str] | None, Query(description="English name or ISO alpha-2 code.")
    ] = None,
    sort: SortQuery = None,
) -> DevelopersPage:
    """Developers with a project matching every filter given.

    Sort fields: name, project_count, total_issued, total_retired (default name).
    """
    conditions: list[ColumnElement] = []
    if search := checked_text(search, "search"):
        conditions.append(
            or_(
                contains(developers.c.name, search),
                contains(func.array_to_string(developers.c.aliases, " | "), search),
            )
        )
    if registries := checked_slugs(registry, REGISTRIES, "registry"):
        conditions.append(developers.c.registries.overlap(registries))
    if categories := checked_slugs(category, CATEGORIES, "category"):
        conditions.append(developers.c.categories.overlap(categories))
    if country:
        conditions.append(
            developers.c.id.in_(
                select(links.c.developer_id)
                .join(projects, projects.c.project_id == links.c.project_id)
                .where(country_matches(country))
            )
        )
    statement = (
        select(*PUBLIC_COLUMNS)
        .where(and_(*conditions) if conditions else True)
        .order_by(*order_by(sort, SORT_FIELDS, "name", developers.c.id))
    )
    rows, pagination = paginate(session, statement, page, request)
    return DevelopersPage(pagination=pagination, data=rows)


@router.get(
    "/{developer_id}",
    response_model=DeveloperDetail,
    summary="One developer, its projects and the spellings merged into it",
    responses={404: {"description": "No developer has this id."}},
)
def get_developer(
    session: SessionDep, developer_id: Annotated[int, Path(ge=0, le=2**63 - 1)]
) -> DeveloperDetail:
    row = (
        session.execute(select(developers).where(developers.c.id == developer_id))
        .mappings()
        .first()
    )
    if row is None:
        raise HTTPException(status_code=404, detail=f"no developer with id {developer_id}")
    developer_projects = (
        session.execute(
            select(
                projects.c.project_id,
                projects.c.name,
                projects.c.registry,
                projects.c.country,
                projects.c.category,
                projects.c.issued,
                projects.c.retired,
            )
            .join(links, links.c.project_id == projects.c.project_id)
            .where(links.c.developer_id == developer_id)
            .order_by(projects.c.project_id)
        )
        .mappings()
        .all()
    )
    return DeveloperDetail(**row, projects=developer_projects)
