"""/api/v1/charts/...: chart data from the serving marts, with every bucket present.

Each chart sums serving.chart_credit_flows (project x type x vintage x month) or
serving.stats_projects, restricted to the projects matching the project filters, so
filtered and unfiltered requests take the same query path.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import func, select

from api.db.serving import chart_credit_flows, stats_projects
from api.listing import (
    ProjectFiltersDep,
    SessionDep,
    checked_slugs,
    projects,
    unprocessable,
)
from api.schemas import (
    CountryBucket,
    CountryChart,
    PeriodBucket,
    PeriodChart,
    VintageBucket,
    VintageChart,
)
from api.vocabulary import TRANSACTION_TYPES

router = APIRouter(prefix="/api/v1/charts", tags=["charts"])
flows = chart_credit_flows


class GroupBy(StrEnum):
    registry = "registry"
    category = "category"
    country = "country"


class Frequency(StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"


GROUP_COLUMNS = {
    GroupBy.registry: projects.c.registry,
    GroupBy.category: projects.c.category,
    GroupBy.country: projects.c.country_code,
}


@router.get(
    "/issuances-by-vintage",
    response_model=VintageChart,
    summary="Issued and retired quantities per vintage year",
)
def issuances_by_vintage(
    session: SessionDep,
    filters: ProjectFiltersDep,
    group_by: Annotated[GroupBy | None, Query(description="Split each vintage by this.")] = None,
) -> VintageChart:
    """Every vintage from the first to the last of the matching projects; with group_by,
    every (vintage, group) pair, zero where a group has nothing that year."""
    group = GROUP_COLUMNS[group_by] if group_by else None
    keys = [group.label("group")] if group is not None else []
    statement = (
        select(
            flows.c.vintage,
            *keys,
            func.coalesce(
                func.sum(flows.c.quantity).filter(flows.c.transaction_type == "issuance"), 0
            ).label("issued"),
            func.coalesce(
                func.sum(flows.c.quantity).filter(flows.c.transaction_type == "retirement"), 0
            ).label("retired"),
        )
        .where(flows.c.vintage.is_not(None))
        .group_by(flows.c.vintage, *keys)
    )
    if group is not None or filters.conditions:
        statement = statement.join(projects, projects.c.project_id == flows.c.project_id).where(
            filters.where()
        )
    found = {
        (row.vintage, row.group if group is not None else None): row
        for row in session.execute(statement)
    }
    if not found:
        return VintageChart(data=[])
    vintages = range(min(key[0] for key in found), max(key[0] for key in found) + 1)
    groups = sorted({key[1] for key in found}, key=lambda value: (value is None, value or ""))
    data = []
    for vintage in vintages:
        for value in groups:
            row = found.get((vintage, value))
            data.append(
                VintageBucket(
                    vintage=vintage,
                    group=value,
                    issued=row.issued if row else 0,
                    retired=row.retired if row else 0,
                )
            )
    return VintageChart(data=data)


def _period_start(day: dt.date, freq: Frequency) -> dt.date:
    if freq is Frequency.year:
        return dt.date(day.year, 1, 1)
    if freq is Frequency.quarter:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, day.month, 1)


def _next_period(day: dt.date, freq: Frequency) -> dt.date:
    months = {Frequency.month: 1, Frequency.quarter: 3, Frequency.year: 12}[freq]
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


@router.get(
    "/credits-over-time",
    response_model=PeriodChart,
    summary="Quantity per transaction type per month, quarter or year",
)
def credits_over_time(
    session: SessionDep,
    filters: ProjectFiltersDep,
    freq: Annotated[Frequency, Query(description="Bucket size.")] = Frequency.year,
    transaction_type: Annotated[list[str] | None, Query()] = None,
    transaction_date_from: Annotated[dt.date | None, Query()] = None,
    transaction_date_to: Annotated[dt.date | None, Query()] = None,
) -> PeriodChart:
    """Every period from the first to the last dated transaction (or the date range
    given), zero where nothing happened. Undated transactions are not counted here. The
    chart reads a monthly mart, so a date range counts the whole months it touches."""
    if (
        transaction_date_from
        and transaction_date_to
        and transaction_date_from > transaction_date_to
    ):
        raise unprocessable("transaction_date_from: after transaction_date_to")
    types = checked_slugs(transaction_type, TRANSACTION_TYPES, "transaction_type")
    period = func.date_trunc(freq.value, flows.c.transaction_month).cast(
        flows.c.transaction_month.type
    )
    conditions = [flows.c.transaction_month.is_not(None)]
    if types:
        conditions.append(flows.c.transaction_type.in_(types))
    if transaction_date_from:
        conditions.append(
            flows.c.transaction_month >= _period_start(transaction_date_from, Frequency.month)
        )
    if transaction_date_to:
        conditions.append(flows.c.transaction_month <= transaction_date_to)
    statement = (
        select(period.label("period"), flows.c.transaction_type, func.sum(flows.c.quantity))
        .where(*conditions)
        .group_by(period, flows.c.transaction_type)
    )
    if filters.conditions:
        statement = statement.join(projects, projects.c.project_id == flows.c.project_id).where(
            filters.where()
        )
    found: dict[dt.date, dict[str, float]] = {}
    for start, kind, quantity in session.execute(statement):
        found.setdefault(start, {})[kind] = quantity
    first = transaction_date_from or (min(found) if found else None)
    last = transaction_date_to or (max(found) if found else None)
    if first is None or last is None:
        return PeriodChart(data=[])
    data = []
    current = _period_start(first, freq)
    while current <= last:
        sums = found.get(current, {})
        data.append(
            PeriodBucket(
                period=current,
                issuance=sums.get("issuance", 0),
                retirement=sums.get("retirement", 0),
                cancellation=sums.get("cancellation", 0),
            )
        )
        current = _next_period(current, freq)
    return PeriodChart(data=data)


@router.get(
    "/projects-by-country",
    response_model=CountryChart,
    summary="Projects, issued and retired per country",
)
def projects_by_country(session: SessionDep, filters: ProjectFiltersDep) -> CountryChart:
    """One bucket per country of the matching projects (by name; projects without a
    country last), with their count and totals."""
    statement = (
        select(
            stats_projects.c.country,
            stats_projects.c.country_code,
            func.count().label("projects"),
            func.coalesce(func.sum(stats_projects.c.issued), 0).label("issued"),
            func.coalesce(func.sum(stats_projects.c.retired), 0).label("retired"),
        )
        .group_by(stats_projects.c.country, stats_projects.c.country_code)
        .order_by(stats_projects.c.country.asc().nulls_last(), stats_projects.c.country_code)
    )
    if filters.conditions:
        statement = statement.where(
            stats_projects.c.project_id.in_(select(projects.c.project_id).where(filters.where()))
        )
    return CountryChart(
        data=[CountryBucket(**row) for row in session.execute(statement).mappings()]
    )
