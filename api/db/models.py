"""SQLModel tables of the `api` schema: Alembic's source of truth.

The columns of `projects` and `credits` are those of the dbt marts (and of the Parquet
release, carbon_atlas/export.py), so the seed can COPY the release in as it is.
Constraint and index names follow NAMING_CONVENTION, so migrations are reviewable and
downgrades can name what they drop.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

SCHEMA = "api"

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLModel's tables share one MetaData; give it the schema and the naming convention.
SQLModel.metadata = MetaData(schema=SCHEMA, naming_convention=NAMING_CONVENTION)


def _text_array() -> Column:
    return Column(ARRAY(Text), nullable=False, server_default="{}")


class Project(SQLModel, table=True):
    """One project of any registry (marts.projects)."""

    __tablename__ = "projects"
    __table_args__ = (
        Index(None, "registry"),
        Index(None, "status"),
        Index(None, "category"),
        Index(None, "country_code"),
        Index(None, "project_type"),
        Index(None, "is_compliance"),
        Index(None, "issued", "project_id"),
        Index(None, "retired", "project_id"),
        Index(None, "listed_at", "project_id"),
        Index(None, "first_issuance_at", "project_id"),
        Index(None, "name", "project_id"),
        Index(None, "protocol", postgresql_using="gin"),
        # Ids match without regard to case (/projects/vcs1340, ?project_id=vcs1340).
        Index("ix_projects_upper_project_id", text("upper(project_id)")),
        {"schema": SCHEMA},
    )

    project_id: str = Field(sa_column=Column(Text, primary_key=True))
    registry_project_id: str | None = Field(default=None, sa_column=Column(Text))
    # "registry" is reserved on declarative classes; the column keeps its name.
    registry_slug: str = Field(sa_column=Column("registry", Text, nullable=False))
    name: str | None = Field(default=None, sa_column=Column(Text))
    proponent: str | None = Field(default=None, sa_column=Column(Text))
    project_url: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(sa_column=Column(Text, nullable=False))
    registry_status: str | None = Field(default=None, sa_column=Column(Text))
    category: str = Field(sa_column=Column(Text, nullable=False))
    project_type: str | None = Field(default=None, sa_column=Column(Text))
    registry_project_type: str | None = Field(default=None, sa_column=Column(Text))
    protocol: list[str] = Field(default_factory=list, sa_column=_text_array())
    protocol_raw: str | None = Field(default=None, sa_column=Column(Text))
    country: str | None = Field(default=None, sa_column=Column(Text))
    country_code: str | None = Field(default=None, sa_column=Column(Text))
    country_raw: str | None = Field(default=None, sa_column=Column(Text))
    region: str | None = Field(default=None, sa_column=Column(Text))
    state: str | None = Field(default=None, sa_column=Column(Text))
    issued: float = Field(default=0, sa_column=Column(Double, nullable=False))
    retired: float = Field(default=0, sa_column=Column(Double, nullable=False))
    cancelled: float = Field(default=0, sa_column=Column(Double, nullable=False))
    is_compliance: bool = Field(default=False, nullable=False)
    listed_at: dt.date | None = Field(default=None, sa_column=Column(Date))
    registered_at: dt.date | None = Field(default=None, sa_column=Column(Date))
    crediting_period_start: dt.date | None = Field(default=None, sa_column=Column(Date))
    crediting_period_end: dt.date | None = Field(default=None, sa_column=Column(Date))
    first_issuance_at: dt.date | None = Field(default=None, sa_column=Column(Date))
    first_retirement_at: dt.date | None = Field(default=None, sa_column=Column(Date))
    source: str = Field(sa_column=Column(Text, nullable=False))
    source_load_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    source_file: str | None = Field(default=None, sa_column=Column(Text))
    source_row_number: int | None = Field(default=None, sa_column=Column(BigInteger))


class Credit(SQLModel, table=True):
    """One issuance, retirement or cancellation (marts.credits)."""

    __tablename__ = "credits"
    __table_args__ = (
        Index(None, "project_id", "transaction_date"),
        Index(None, "transaction_type"),
        Index(None, "vintage"),
        Index(None, "registry"),
        Index(None, "transaction_date", "id"),
        # Newest first with undated rows last, the default sort of /credits: a backward
        # scan of the ascending index would put the nulls first.
        Index(
            "ix_credits_transaction_date_desc_id",
            text("transaction_date desc nulls last"),
            text("id desc"),
        ),
        Index("ix_credits_vintage_desc_id", text("vintage desc nulls last"), text("id desc")),
        Index(None, "quantity", "id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        {"schema": SCHEMA},
    )

    # Assigned by the seed in release order (project, date, credit_id): stable per release.
    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    credit_id: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    project_id: str = Field(
        sa_column=Column(
            Text,
            ForeignKey(f"{SCHEMA}.projects.project_id", ondelete="CASCADE"),
            nullable=False,
        )
    )
    registry_slug: str = Field(sa_column=Column("registry", Text, nullable=False))
    serial_number: str | None = Field(default=None, sa_column=Column(Text))
    transaction_type: str = Field(sa_column=Column(Text, nullable=False))
    retirement_account: str | None = Field(default=None, sa_column=Column(Text))
    retirement_beneficiary: str | None = Field(default=None, sa_column=Column(Text))
    retirement_reason: str | None = Field(default=None, sa_column=Column(Text))
    retirement_note: str | None = Field(default=None, sa_column=Column(Text))
    retirement_beneficiary_harmonized: str | None = Field(default=None, sa_column=Column(Text))
    quantity: float = Field(sa_column=Column(Double, nullable=False))
    vintage: int | None = Field(default=None, sa_column=Column(Integer))
    transaction_date: dt.date | None = Field(default=None, sa_column=Column(Date))
    vintage_start: dt.date | None = Field(default=None, sa_column=Column(Date))
    vintage_end: dt.date | None = Field(default=None, sa_column=Column(Date))
    source_load_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    source_file: str | None = Field(default=None, sa_column=Column(Text))
    source_row_numbers: list[int] = Field(
        default_factory=list, sa_column=Column(ARRAY(BigInteger), nullable=False)
    )


class ProjectDeveloper(SQLModel, table=True):
    """A developer entity resolved from the projects' proponent texts."""

    __tablename__ = "project_developers"
    __table_args__ = (
        Index(None, "name", "id"),
        Index(None, "project_count", "id"),
        Index(None, "total_issued", "id"),
        Index(None, "total_retired", "id"),
        Index(None, "registries", postgresql_using="gin"),
        Index(None, "categories", postgresql_using="gin"),
        Index(None, "countries", postgresql_using="gin"),
        {"schema": SCHEMA},
    )

    # Derived from the cluster's content (api/db/developer_resolver.py): stable on reload.
    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    name: str = Field(sa_column=Column(Text, nullable=False))
    aliases: list[str] = Field(default_factory=list, sa_column=_text_array())
    project_count: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    total_issued: float = Field(default=0, sa_column=Column(Double, nullable=False))
    total_retired: float = Field(default=0, sa_column=Column(Double, nullable=False))
    countries: list[str] = Field(default_factory=list, sa_column=_text_array())
    registries: list[str] = Field(default_factory=list, sa_column=_text_array())
    categories: list[str] = Field(default_factory=list, sa_column=_text_array())
    methodologies: list[str] = Field(default_factory=list, sa_column=_text_array())


class ProjectDeveloperLink(SQLModel, table=True):
    """Which developers a project names (a proponent text can name several)."""

    __tablename__ = "project_developer_links"
    __table_args__ = (Index(None, "developer_id"), {"schema": SCHEMA})

    project_id: str = Field(
        sa_column=Column(
            Text,
            ForeignKey(f"{SCHEMA}.projects.project_id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    developer_id: int = Field(
        sa_column=Column(
            BigInteger,
            ForeignKey(f"{SCHEMA}.project_developers.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
