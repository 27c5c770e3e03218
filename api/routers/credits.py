"""/api/v1/credits: issuances, retirements and cancellations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy import ColumnElement, and_, func, select

from api.db.models import Credit
from api.listing import (
    PageDep,
    SessionDep,
    SortQuery,
    checked_slugs,
    checked_text,
    contains,
    country_matches,
    order_by,
    paginate,
    projects,
    unprocessable,
)
from api.schemas import CreditsPage
from api.vocabulary import CATEGORIES, REGISTRIES, TRANSACTION_TYPES

router = APIRouter(prefix="/api/v1/credits", tags=["credits"])

credits = Credit.__table__

SORT_FIELDS = {
    "transaction_date": credits.c.transaction_date,
    "quantity": credits.c.quantity,
    "vintage": credits.c.vintage,
    "project_id": credits.c.project_id,
}


def beneficiary_text() -> ColumnElement:
    """What `beneficiary` matches; the expression of the trigram index (revision 0001)."""
    return (
        func.coalesce(credits.c.retirement_beneficiary, "")
        + " "
        + func.coalesce(credits.c.retirement_account, "")
        + " "
        + func.coalesce(credits.c.retirement_reason, "")
        + " "
        + func.coalesce(credits.c.retirement_note, "")
    )


@router.get("", response_model=CreditsPage, summary="List credit transactions")
def list_credits(
    request: Request,
    session: SessionDep,
    page: PageDep,
    project_id: Annotated[list[str] | None, Query()] = None,
    transaction_type: Annotated[
        list[str] | None, Query(description="issuance, retirement, cancellation")
    ] = None,
    vintage_min: Annotated[int | None, Query(ge=0, le=9999)] = None,
    vintage_max: Annotated[int | None, Query(ge=0, le=9999)] = None,
    transaction_date_from: Annotated[dt.date | None, Query()] = None,
    transaction_date_to: Annotated[dt.date | None, Query()] = None,
    registry: Annotated[list[str] | None, Query()] = None,
    category: Annotated[list[str] | None, Query(description="The project's category.")] = None,
    country: Annotated[
        list[str] | None, Query(description="The project's country: name or ISO alpha-2.")
    ] = None,
    beneficiary: Annotated[
        str | None, Query(description="Substring of beneficiary, account, reason or note.")
    ] = None,
    sort: SortQuery = None,
) -> CreditsPage:
    """Transactions matching every filter given (inclusive ranges).

    Sort fields: transaction_date, quantity, vintage, project_id (default -transaction_date).
    """
    conditions: list[ColumnElement] = []
    if project_id:
        # Ids match without regard to case, through the projects' upper(project_id) index;
        # credits are then found by their exact project_id (indexed).
        ids = [checked_text(value, "project_id").strip().upper() for value in project_id]
        conditions.append(
            credits.c.project_id.in_(
                select(projects.c.project_id).where(func.upper(projects.c.project_id).in_(ids))
            )
        )
    if types := checked_slugs(transaction_type, TRANSACTION_TYPES, "transaction_type"):
        conditions.append(credits.c.transaction_type.in_(types))
    if vintage_min is not None and vintage_max is not None and vintage_min > vintage_max:
        raise unprocessable("vintage_min: greater than vintage_max")
    if vintage_min is not None:
        conditions.append(credits.c.vintage >= vintage_min)
    if vintage_max is not None:
        conditions.append(credits.c.vintage <= vintage_max)
    if transaction_date_from is not None:
        conditions.append(credits.c.transaction_date >= transaction_date_from)
    if transaction_date_to is not None:
        conditions.append(credits.c.transaction_date <= transaction_date_to)
    if registries := checked_slugs(registry, REGISTRIES, "registry"):
        conditions.append(credits.c.registry.in_(registries))
    project_conditions: list[ColumnElement] = []
    if categories := checked_slugs(category, CATEGORIES, "category"):
        project_conditions.append(projects.c.category.in_(categories))
    if country:
        project_conditions.append(country_matches(country))
    if project_conditions:
        conditions.append(
            credits.c.project_id.in_(select(projects.c.project_id).where(and_(*project_conditions)))
        )
    if beneficiary := checked_text(beneficiary, "beneficiary"):
        conditions.append(contains(beneficiary_text(), beneficiary))

    statement = (
        select(credits)
        .where(and_(*conditions) if conditions else True)
        .order_by(*order_by(sort, SORT_FIELDS, "-transaction_date", credits.c.id))
    )
    rows, pagination = paginate(session, statement, page, request)
    return CreditsPage(pagination=pagination, data=rows)
