"""Create the api schema: projects, credits, project_developers, project_developer_links.

Revision ID: 0001
Revises:
Create Date: 2026-12-04

Drafted with autogenerate from api/db/models.py, then read and completed by hand:
B-tree indexes serve every filter and sort of shared/spec/api.md (sorts end with the
primary key, the tie-breaker); GIN indexes serve array filters (protocol, registries,
categories, countries). Substring search gets trigram indexes only where the server has
pg_trgm (the embedded pgserver build has no contrib extensions): everything works without
them, only slower.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# (index name, table, expression) of the substring searches of the API.
TRIGRAM_INDEXES = (
    (
        "ix_projects_search_trgm",
        "projects",
        "lower(coalesce(name, '') || ' ' || project_id || ' ' "
        "|| coalesce(registry_project_id, ''))",
    ),
    ("ix_project_developers_name_trgm", "project_developers", "lower(name)"),
    (
        "ix_credits_beneficiary_trgm",
        "credits",
        "lower(coalesce(retirement_beneficiary, '') || ' ' || coalesce(retirement_account, '') "
        "|| ' ' || coalesce(retirement_reason, '') || ' ' || coalesce(retirement_note, ''))",
    ),
)


def _has_pg_trgm() -> bool:
    bind = op.get_bind()
    available = bind.execute(
        text("select 1 from pg_available_extensions where name = 'pg_trgm'")
    ).scalar()
    if not available:
        return False
    bind.execute(text("create extension if not exists pg_trgm"))
    return True


def upgrade() -> None:
    op.create_table(
        "project_developers",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("project_count", sa.Integer(), nullable=False),
        sa.Column("total_issued", sa.Double(), nullable=False),
        sa.Column("total_retired", sa.Double(), nullable=False),
        sa.Column("countries", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("registries", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("categories", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("methodologies", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_developers")),
        schema="api",
    )
    op.create_index(
        op.f("ix_project_developers_categories"),
        "project_developers",
        ["categories"],
        unique=False,
        schema="api",
        postgresql_using="gin",
    )
    op.create_index(
        op.f("ix_project_developers_countries"),
        "project_developers",
        ["countries"],
        unique=False,
        schema="api",
        postgresql_using="gin",
    )
    op.create_index(
        op.f("ix_project_developers_name_id"),
        "project_developers",
        ["name", "id"],
        unique=False,
        schema="api",
    )
    op.create_index(
        op.f("ix_project_developers_project_count_id"),
        "project_developers",
        ["project_count", "id"],
        unique=False,
        schema="api",
    )
    op.create_index(
        op.f("ix_project_developers_registries"),
        "project_developers",
        ["registries"],
        unique=False,
        schema="api",
        postgresql_using="gin",
    )
    op.create_index(
        op.f("ix_project_developers_total_issued_id"),
        "project_developers",
        ["total_issued", "id"],
        unique=False,
        schema="api",
    )
    op.create_index(
        op.f("ix_project_developers_total_retired_id"),
        "project_developers",
        ["total_retired", "id"],
        unique=False,
        schema="api",
    )
    op.create_table(
        "projects",
        sa.Column("project_id", sa.Text(), nullable=False),
        sa.Column("registry_project_id", sa.Text(), nullable=True),
        sa.Column("registry", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("proponent", sa.Text(), nullable=True),
        sa.Column("project_url", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("registry_status", sa.Text(), nullable=True),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("project_type", sa.Text(), nullable=True),
        sa.Column("registry_project_type", sa.Text(), nullable=True),
        sa.Column("protocol", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("protocol_raw", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("country_code", sa.Text(), nullable=True),
        sa.Column("country_raw", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("issued", sa.Double(), nullable=False),
        sa.Column("retired", sa.Double(), nullable=False),
        sa.Column("cancelled", sa.Double(), nullable=False),
        sa.Column("is_compliance", sa.Boolean(), nullable=False),
        sa.Column("listed_at", sa.Date(), nullable=True),
        sa.Column("registered_at", sa.Date(), nullable=True),
        sa.Column("crediting_period_start", sa.Date(), nullable=True),
        sa.Column("crediting_period_end", sa.Date(), nullable=True),
        sa.Column("first_issuance_at", sa.Date(), nullable=True),
        sa.Column("first_retirement_at", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_load_id", sa.BigInteger(), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=True),
        sa.Column("source_row_number", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_projects")),
        schema="api",
    )
    op.create_index(
        op.f("ix_projects_category"), "projects", ["category"], unique=False, schema="api"
    )
    op.create_index(
        op.f("ix_projects_country_code"), "projects", ["country_code"], unique=False, schema="api"
    )
    op.create_index(
        op.f("ix_projects_first_issuance_at_project_id"),
        "projects",
        ["first_issuance_at", "project_id"],
        unique=False,
        schema="api",
    )
    op.create_index(
        op.f("ix_projects_is_compliance"), "projects", ["is_compliance"], unique=False, schema="api"
    )
    op.create_index(
        op.f("ix_projects_issued_project_id"),
        "projects",
        ["issued", "project_id"],
        unique=False,
        schema="api",
    )
    op.create_index(
        op.f("ix_projects_listed_at_project_id"),
        "projects",
        ["listed_at", "project_id"],
        unique=False,
        schema="api",
    )
    op.create_index(
        op.f("ix_projects_name_project_id"),
        "projects",
        ["name", "project_id"],
        unique=False,
        schema="api",
    )
    op.create_index(
        op.f("ix_projects_project_type"), "projects", ["project_type"], unique=False, schema="api"
    )
    op.create_index(
        "ix_projects_upper_project_id", "projects", [sa.text("upper(project_id)")], schema="api"
    )
    op.create_index(
        op.f("ix_projects_protocol"),
        "projects",
        ["protocol"],
        unique=False,
        schema="api",
        postgresql_using="gin",
    )
    op.create_index(
        op.f("ix_projects_registry"), "projects", ["registry"], unique=False, schema="api"
    )
    op.create_index(
        op.f("ix_projects_retired_project_id"),
        "projects",
        ["retired", "project_id"],
        unique=False,
        schema="api",
    )
    op.create_index(op.f("ix_projects_status"), "projects", ["status"], unique=False, schema="api")
    op.create_table(
        "credits",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("credit_id", sa.Text(), nullable=False),
        sa.Column("project_id", sa.Text(), nullable=False),
        sa.Column("registry", sa.Text(), nullable=False),
        sa.Column("serial_number", sa.Text(), nullable=True),
        sa.Column("transaction_type", sa.Text(), nullable=False),
        sa.Column("retirement_account", sa.Text(), nullable=True),
        sa.Column("retirement_beneficiary", sa.Text(), nullable=True),
        sa.Column("retirement_reason", sa.Text(), nullable=True),
        sa.Column("retirement_note", sa.Text(), nullable=True),
        sa.Column("retirement_beneficiary_harmonized", sa.Text(), nullable=True),
        sa.Column("quantity", sa.Double(), nullable=False),
        sa.Column("vintage", sa.Integer(), nullable=True),
        sa.Column("transaction_date", sa.Date(), nullable=True),
        sa.Column("vintage_start", sa.Date(), nullable=True),
        sa.Column("vintage_end", sa.Date(), nullable=True),
        sa.Column("source_load_id", sa.BigInteger(), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=True),
        sa.Column("source_row_numbers", sa.ARRAY(sa.BigInteger()), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["api.projects.project_id"],
            name=op.f("fk_credits_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credits")),
        sa.UniqueConstraint("credit_id", name=op.f("uq_credits_credit_id")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_credits_quantity_positive")),
        schema="api",
    )
    op.create_index(
        op.f("ix_credits_project_id_transaction_date"),
        "credits",
        ["project_id", "transaction_date"],
        unique=False,
        schema="api",
    )
    op.create_index(
        "ix_credits_transaction_date_desc_id",
        "credits",
        [sa.text("transaction_date desc nulls last"), sa.text("id desc")],
        schema="api",
    )
    op.create_index(
        "ix_credits_vintage_desc_id",
        "credits",
        [sa.text("vintage desc nulls last"), sa.text("id desc")],
        schema="api",
    )
    op.create_index(
        op.f("ix_credits_quantity_id"), "credits", ["quantity", "id"], unique=False, schema="api"
    )
    op.create_index(
        op.f("ix_credits_registry"), "credits", ["registry"], unique=False, schema="api"
    )
    op.create_index(
        op.f("ix_credits_transaction_date_id"),
        "credits",
        ["transaction_date", "id"],
        unique=False,
        schema="api",
    )
    op.create_index(
        op.f("ix_credits_transaction_type"),
        "credits",
        ["transaction_type"],
        unique=False,
        schema="api",
    )
    op.create_index(op.f("ix_credits_vintage"), "credits", ["vintage"], unique=False, schema="api")
    op.create_table(
        "project_developer_links",
        sa.Column("project_id", sa.Text(), nullable=False),
        sa.Column("developer_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["developer_id"],
            ["api.project_developers.id"],
            name=op.f("fk_project_developer_links_developer_id_project_developers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["api.projects.project_id"],
            name=op.f("fk_project_developer_links_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "project_id", "developer_id", name=op.f("pk_project_developer_links")
        ),
        schema="api",
    )
    op.create_index(
        op.f("ix_project_developer_links_developer_id"),
        "project_developer_links",
        ["developer_id"],
        unique=False,
        schema="api",
    )

    if _has_pg_trgm():
        for name, table, expression in TRIGRAM_INDEXES:
            op.execute(
                f"create index {name} on api.{table} using gin (({expression}) gin_trgm_ops)"
            )


def downgrade() -> None:
    for name, _, _ in TRIGRAM_INDEXES:
        op.execute(f"drop index if exists api.{name}")
    op.drop_index(
        op.f("ix_project_developer_links_developer_id"),
        table_name="project_developer_links",
        schema="api",
    )
    op.drop_table("project_developer_links", schema="api")
    op.drop_index(op.f("ix_credits_vintage"), table_name="credits", schema="api")
    op.drop_index(op.f("ix_credits_transaction_type"), table_name="credits", schema="api")
    op.drop_index(op.f("ix_credits_transaction_date_id"), table_name="credits", schema="api")
    op.drop_index(op.f("ix_credits_registry"), table_name="credits", schema="api")
    op.drop_index("ix_credits_transaction_date_desc_id", table_name="credits", schema="api")
    op.drop_index("ix_credits_vintage_desc_id", table_name="credits", schema="api")
    op.drop_index(op.f("ix_credits_quantity_id"), table_name="credits", schema="api")
    op.drop_index(
        op.f("ix_credits_project_id_transaction_date"), table_name="credits", schema="api"
    )
    op.drop_table("credits", schema="api")
    op.drop_index(op.f("ix_projects_status"), table_name="projects", schema="api")
    op.drop_index(op.f("ix_projects_retired_project_id"), table_name="projects", schema="api")
    op.drop_index(op.f("ix_projects_registry"), table_name="projects", schema="api")
    op.drop_index("ix_projects_upper_project_id", table_name="projects", schema="api")
    op.drop_index(
        op.f("ix_projects_protocol"), table_name="projects", schema="api", postgresql_using="gin"
    )
    op.drop_index(op.f("ix_projects_project_type"), table_name="projects", schema="api")
    op.drop_index(op.f("ix_projects_name_project_id"), table_name="projects", schema="api")
    op.drop_index(op.f("ix_projects_listed_at_project_id"), table_name="projects", schema="api")
    op.drop_index(op.f("ix_projects_issued_project_id"), table_name="projects", schema="api")
    op.drop_index(op.f("ix_projects_is_compliance"), table_name="projects", schema="api")
    op.drop_index(
        op.f("ix_projects_first_issuance_at_project_id"), table_name="projects", schema="api"
    )
    op.drop_index(op.f("ix_projects_country_code"), table_name="projects", schema="api")
    op.drop_index(op.f("ix_projects_category"), table_name="projects", schema="api")
    op.drop_table("projects", schema="api")
    op.drop_index(
        op.f("ix_project_developers_total_retired_id"),
        table_name="project_developers",
        schema="api",
    )
    op.drop_index(
        op.f("ix_project_developers_total_issued_id"), table_name="project_developers", schema="api"
    )
    op.drop_index(
        op.f("ix_project_developers_registries"),
        table_name="project_developers",
        schema="api",
        postgresql_using="gin",
    )
    op.drop_index(
        op.f("ix_project_developers_project_count_id"),
        table_name="project_developers",
        schema="api",
    )
    op.drop_index(
        op.f("ix_project_developers_name_id"), table_name="project_developers", schema="api"
    )
    op.drop_index(
        op.f("ix_project_developers_countries"),
        table_name="project_developers",
        schema="api",
        postgresql_using="gin",
    )
    op.drop_index(
        op.f("ix_project_developers_categories"),
        table_name="project_developers",
        schema="api",
        postgresql_using="gin",
    )
    op.drop_table("project_developers", schema="api")
