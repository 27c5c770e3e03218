"""/api/v1/projects: the harmonized projects of every registry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from sqlalchemy import func, select

from api.db.models import Credit, ProjectDeveloper
from api.listing import (
    PageDep,
    ProjectFiltersDep,
    SessionDep,
    SortQuery,
    checked_text,
    links,
    order_by,
    paginate,
    projects,
)
from api.schemas import ProjectDetail, ProjectsPage

router = APIRouter(prefix="/api/v1/projects", tags=["projects"])

credits = Credit.__table__
developers = ProjectDeveloper.__table__

SORT_FIELDS = {
    "project_id": projects.c.project_id,
    "name": projects.c.name,
    "registry": projects.c.registry,
    "status": projects.c.status,
    "category": projects.c.category,
    "country": projects.c.country,
    "issued": projects.c.issued,
    "retired": projects.c.retired,
    "listed_at": projects.c.listed_at,
    "first_issuance_at": projects.c.first_issuance_at,
}


@router.get("", response_model=ProjectsPage, summary="List projects")
def list_projects(
    request: Request,
    session: SessionDep,
    filters: ProjectFiltersDep,
    page: PageDep,
    sort: SortQuery = None,
) -> ProjectsPage:
    """Projects matching every filter given (a filter repeated matches any of its values).

    Sort fields: project_id, name, registry, status, category, country, issued, retired,
    listed_at, first_issuance_at (default project_id).
    """
    statement = (
        select(projects)
        .where(filters.where())
        .order_by(*order_by(sort, SORT_FIELDS, "project_id", projects.c.project_id))
    )
    rows, pagination = paginate(session, statement, page, request)
    return ProjectsPage(pagination=pagination, data=rows)


@router.get(
    "/{project_id}",
    response_model=ProjectDetail,
    summary="One project, its developers and its credits by vintage",
    responses={404: {"description": "No project has this id."}},
)
def get_project(
    session: SessionDep,
    project_id: Annotated[str, Path(description="The project id, any case (VCS1340, vcs1340).")],
) -> ProjectDetail:
    project_id = checked_text(project_id, "project_id")
    row = (
        session.execute(
            select(projects).where(func.upper(projects.c.project_id) == project_id.upper())
        )
        .mappings()
        .first()
    )
    if row is None:
        raise HTTPException(status_code=404, detail=f"no project with id {project_id[:50]!r}")
    project_developers = (
        session.execute(
            select(developers.c.id, developers.c.name)
            .join(links, links.c.developer_id == developers.c.id)
            .where(links.c.project_id == row["project_id"])
            .order_by(developers.c.name, developers.c.id)
        )
        .mappings()
        .all()
    )
    summary = (
        session.execute(
            select(
                credits.c.vintage,
                credits.c.transaction_type,
                func.sum(credits.c.quantity).label("quantity"),
                func.count().label("transactions"),
            )
            .where(credits.c.project_id == row["project_id"])
            .group_by(credits.c.vintage, credits.c.transaction_type)
            .order_by(credits.c.vintage.asc().nulls_last(), credits.c.transaction_type)
        )
        .mappings()
        .all()
    )
    return ProjectDetail(**row, developers=project_developers, credits_by_vintage=summary)
