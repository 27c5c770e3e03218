"""Response models: what /docs and /openapi.json say each endpoint returns."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class Pagination(BaseModel):
    page: int = Field(examples=[1])
    per_page: int = Field(examples=[50])
    total: int = Field(description="Rows matching the filters.", examples=[4397])
    pages: int = Field(examples=[88])
    next: str | None = Field(
        description="URL of the next page, every query parameter kept; null on the last.",
        examples=["http://localhost:8000/api/v1/projects?registry=verra&page=2"],
    )
    prev: str | None = Field(description="URL of the previous page; null on the first.")


class DeveloperRef(BaseModel):
    id: int = Field(examples=[362229421772376925])
    name: str = Field(examples=["3Degrees Group, Inc."])


class ProjectPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    project_id: str = Field(examples=["VCS1340"])
    registry_project_id: str | None = Field(examples=["1340"])
    registry: str = Field(examples=["verra"])
    name: str | None = Field(examples=["Bale Mountains Eco-region REDD+ project"])
    proponent: str | None = Field(description="Raw developer text of the registry.")
    project_url: str | None
    status: str = Field(examples=["registered"])
    registry_status: str | None
    category: str = Field(examples=["forest-and-land-use"])
    project_type: str | None = Field(examples=["REDD+"])
    registry_project_type: str | None
    protocol: list[str] = Field(examples=[["vm0015"]])
    protocol_raw: str | None
    country: str | None = Field(examples=["Ethiopia"])
    country_code: str | None = Field(examples=["ET"])
    country_raw: str | None
    region: str | None
    state: str | None
    issued: float = Field(description="tCO2e issued.", examples=[1454054.0])
    retired: float = Field(description="tCO2e retired (cancellations excluded).")
    cancelled: float = Field(description="tCO2e cancelled.")
    is_compliance: bool
    listed_at: dt.date | None
    registered_at: dt.date | None
    crediting_period_start: dt.date | None
    crediting_period_end: dt.date | None
    first_issuance_at: dt.date | None
    first_retirement_at: dt.date | None
    source: str = Field(description="'projects' or 'credits' (known only from credit files).")
    source_load_id: int
    source_file: str | None
    source_row_number: int | None


class CreditSummary(BaseModel):
    vintage: int | None = Field(examples=[2020])
    transaction_type: str = Field(examples=["issuance"])
    quantity: float
    transactions: int


class ProjectDetail(ProjectPublic):
    developers: list[DeveloperRef]
    credits_by_vintage: list[CreditSummary] = Field(
        description="The project's credits summed by vintage and transaction type."
    )


class ProjectsPage(BaseModel):
    pagination: Pagination
    data: list[ProjectPublic]


class CreditPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    credit_id: str
    project_id: str = Field(examples=["VCS1340"])
    registry: str
    serial_number: str | None
    transaction_type: str = Field(examples=["retirement"])
    retirement_account: str | None
    retirement_beneficiary: str | None
    retirement_reason: str | None
    retirement_note: str | None
    retirement_beneficiary_harmonized: str | None
    quantity: float = Field(examples=[425.0])
    vintage: int | None = Field(examples=[2020])
    transaction_date: dt.date | None
    vintage_start: dt.date | None
    vintage_end: dt.date | None
    source_load_id: int
    source_file: str | None
    source_row_numbers: list[int]


class CreditsPage(BaseModel):
    pagination: Pagination
    data: list[CreditPublic]


class DeveloperPublic(BaseModel):
    id: int
    name: str
    project_count: int
    total_issued: float
    total_retired: float
    countries: list[str]
    registries: list[str]
    categories: list[str]
    methodologies: list[str]


class DevelopersPage(BaseModel):
    pagination: Pagination
    data: list[DeveloperPublic]


class DeveloperProject(BaseModel):
    project_id: str
    name: str | None
    registry: str
    country: str | None
    category: str
    issued: float
    retired: float


class DeveloperDetail(DeveloperPublic):
    aliases: list[str] = Field(description="The raw proponent spellings merged into it.")
    projects: list[DeveloperProject]


class Totals(BaseModel):
    projects: int
    issued: float
    retired: float
    cancelled: float
    developers: int


class GroupTotals(Totals):
    key: str | None = Field(description="The registry, category or country code.")
    name: str | None = Field(default=None, description="The country's name (by_country).")


class StatsData(BaseModel):
    totals: Totals
    by_registry: list[GroupTotals]
    by_category: list[GroupTotals]
    by_country: list[GroupTotals]


class StatsResponse(BaseModel):
    data: StatsData


class VintageBucket(BaseModel):
    vintage: int
    group: str | None = Field(default=None, description="The group_by value, if any.")
    issued: float
    retired: float


class VintageChart(BaseModel):
    data: list[VintageBucket]


class PeriodBucket(BaseModel):
    period: dt.date = Field(description="First day of the month, quarter or year.")
    issuance: float
    retirement: float
    cancellation: float


class PeriodChart(BaseModel):
    data: list[PeriodBucket]


class CountryBucket(BaseModel):
    country: str | None
    country_code: str | None
    projects: int
    issued: float
    retired: float


class CountryChart(BaseModel):
    data: list[CountryBucket]


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    database: str = Field(examples=["ok"])
    projects: int | None = None
    detail: str | None = None
