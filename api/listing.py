"""What every list endpoint shares: parameters, filters, sort and pagination.

Routes read like a sentence of types (`SessionDep`, `PageDep`, `ProjectFiltersDep`); this
module turns those into parameterised SQL. Sort fields come from explicit allow-lists;
text is matched with LIKE patterns whose `%` and `_` are escaped, so they match literally.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlmodel import Session

from api.db.database import get_session
from api.db.models import Project, ProjectDeveloperLink
from api.schemas import Pagination
from api.vocabulary import CATEGORIES, REGISTRIES, STATUSES

SessionDep = Annotated[Session, Depends(get_session)]

MAX_PAGE = 1_000_000
MAX_TEXT = 200

projects = Project.__table__
links = ProjectDeveloperLink.__table__


def unprocessable(detail: str) -> HTTPException:
    return HTTPException(status_code=422, detail=detail)


def checked_text(value: str | None, name: str) -> str | None:
    """Text a client sent, refused when PostgreSQL could not hold it (NUL) or it is huge."""
    if value is None:
        return None
    if "\x00" in value:
        raise unprocessable(f"{name}: the NUL character is not allowed")
    if len(value) > MAX_TEXT:
        raise unprocessable(f"{name}: at most {MAX_TEXT} characters")
    return value


def checked_slugs(values: list[str] | None, allowed: Sequence[str], name: str) -> list[str]:
    """Slug filter values, matched without regard to case; unknown ones are a 422."""
    result = []
    for value in values or []:
        slug = value.strip().lower()
        if slug not in allowed:
            raise unprocessable(
                f"{name}: unknown value {value[:50]!r}; allowed: {', '.join(allowed)}"
            )
        result.append(slug)
    return result


def contains(expression: ColumnElement, needle: str) -> ColumnElement:
    """Case-insensitive substring match, `%` and `_` matched literally."""
    escaped = needle.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(expression).like(f"%{escaped}%", escape="\\")


def country_matches(values: list[str]) -> ColumnElement:
    """Projects in any of the countries given, each an English name or an alpha-2 code."""
    names = [checked_text(value, "country").strip() for value in values]
    return or_(
        projects.c.country_code.in_([name.upper() for name in names if len(name) == 2]),
        func.lower(projects.c.country).in_([name.lower() for name in names]),
    )


def project_search_text() -> ColumnElement:
    """What `search` matches on projects; the expression of the trigram index (0001)."""
    return (
        func.coalesce(projects.c.name, "")
        + " "
        + projects.c.project_id
        + " "
        + func.coalesce(projects.c.registry_project_id, "")
    )


# --- pagination --------------------------------------------------------------------------


@dataclass
class Page:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def page_parameters(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="1-based page number.")] = 1,
    per_page: Annotated[int, Query(ge=1, le=500, description="Rows per page (1-500).")] = 50,
) -> Page:
    return Page(page, per_page)


PageDep = Annotated[Page, Depends(page_parameters)]


def paginate(
    session: Session, statement: Select, page: Page, request: Request
) -> tuple[list, Pagination]:
    """Run a filtered, sorted select for one page; count the rows that match."""
    total = session.execute(
        select(func.count()).select_from(statement.order_by(None).subquery())
    ).scalar_one()
    rows = session.execute(statement.limit(page.per_page).offset(page.offset)).mappings().all()
    pages = max(math.ceil(total / page.per_page), 1) if total else 0

    def link(number: int) -> str:
        return str(request.url.include_query_params(page=number, per_page=page.per_page))

    return list(rows), Pagination(
        page=page.page,
        per_page=page.per_page,
        total=total,
        pages=pages,
        next=link(page.page + 1) if page.page < pages else None,
        prev=link(min(page.page - 1, pages)) if page.page > 1 and pages else None,
    )


# --- sort --------------------------------------------------------------------------------


def order_by(
    sort: str | None, allowed: dict[str, ColumnElement], default: str, tiebreak: ColumnElement
) -> list:
    """ORDER BY for `sort` ("-issued,name"): allowed fields only, nulls last, stable."""
    sort = checked_text(sort, "sort") or default
    clauses = []
    for part in sort.split(","):
        field = part.strip()
        descending = field.startswith("-")
        field = field.lstrip("-+").strip()
        if field not in allowed:
            raise unprocessable(
                f"sort: unknown field {field[:50]!r}; allowed: {', '.join(allowed)} "
                "(prefix with - for descending)"
            )
        column = allowed[field]
        clauses.append(column.desc().nulls_last() if descending else column.asc().nulls_last())
    descending = sort.strip().startswith("-")
    clauses.append(tiebreak.desc() if descending else tiebreak.asc())
    return clauses


SortQuery = Annotated[
    str | None,
    Query(description="Comma list of fields, - for descending (sort=-issued,name)."),
]


# --- project filters ---------------------------------------------------------------------


@dataclass
class ProjectFilters:
    """The project filters of shared/spec/api.md, as SQL conditions on api.projects."""

    conditions: list[ColumnElement]

    def where(self) -> ColumnElement:
        return and_(*self.conditions) if self.conditions else literal(True)


def project_filters(
    registry: Annotated[
        list[str] | None, Query(description="Registry slug; repeat for any of several.")
    ] = None,
    status: Annotated[list[str] | None, Query(description="Status slug.")] = None,
    category: Annotated[list[str] | None, Query(description="Category slug.")] = None,
    country: Annotated[
        list[str] | None, Query(description="English name or ISO alpha-2 code.")
    ] = None,
    project_type: Annotated[
        list[str] | None, Query(description="Project type display name.")
    ] = None,
    protocol: Annotated[
        list[str] | None, Query(description="Protocol id (vm0007, acm0002, ...).")
    ] = None,
    is_compliance: Annotated[bool | None, Query()] = None,
    developer_id: Annotated[list[int] | None, Query(description="Developer id.")] = None,
    search: Annotated[
        str | None, Query(description="Substring of name, project_id or the registry's id.")
    ] = None,
    issued_min: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    issued_max: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    retired_min: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    retired_max: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    listed_from: Annotated[dt.date | None, Query()] = None,
    listed_to: Annotated[dt.date | None, Query()] = None,
) -> ProjectFilters:
    conditions: list[ColumnElement] = []
    if registries := checked_slugs(registry, REGISTRIES, "registry"):
        conditions.append(projects.c.registry.in_(registries))
    if statuses := checked_slugs(status, STATUSES, "status"):
        conditions.append(projects.c.status.in_(statuses))
    if categories := checked_slugs(category, CATEGORIES, "category"):
        conditions.append(projects.c.category.in_(categories))
    if country:
        conditions.append(country_matches(country))
    if project_type:
        types = [checked_text(value, "project_type").strip().lower() for value in project_type]
        conditions.append(func.lower(projects.c.project_type).in_(types))
    if protocol:
        ids = [checked_text(value, "protocol").strip().lower() for value in protocol]
        conditions.append(projects.c.protocol.overlap(ids))
    if is_compliance is not None:
        conditions.append(projects.c.is_compliance.is_(is_compliance))
    if developer_id:
        if any(not 0 <= value < 2**63 for value in developer_id):
            raise unprocessable("developer_id: out of range (0 to 2^63-1)")
        conditions.append(
            projects.c.project_id.in_(
                select(links.c.project_id).where(links.c.developer_id.in_(developer_id))
            )
        )
    if search := checked_text(search, "search"):
        conditions.append(contains(project_search_text(), search))
    for value, column, compare in (
        (issued_min, projects.c.issued, "ge"),
        (issued_max, projects.c.issued, "le"),
        (retired_min, projects.c.retired, "ge"),
        (retired_max, projects.c.retired, "le"),
        (listed_from, projects.c.listed_at, "ge"),
        (listed_to, projects.c.listed_at, "le"),
    ):
        if value is not None:
            conditions.append(column >= value if compare == "ge" else column <= value)
    return ProjectFilters(conditions)


ProjectFiltersDep = Annotated[ProjectFilters, Depends(project_filters)]
