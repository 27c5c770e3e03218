"""The serving marts (dbt models in dbt_project/models/serving) as SQLAlchemy tables.

They are dbt's, not Alembic's: declared on their own MetaData so migrations never see them.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Double, Integer, MetaData, Table, Text
from sqlalchemy.dialects.postgresql import ARRAY

serving_metadata = MetaData(schema="serving")

chart_credit_flows = Table(
    "chart_credit_flows",
    serving_metadata,
    Column("project_id", Text),
    Column("transaction_type", Text),
    Column("vintage", Integer),
    Column("transaction_month", Date),
    Column("quantity", Double),
    Column("transaction_count", BigInteger),
)

stats_projects = Table(
    "stats_projects",
    serving_metadata,
    Column("project_id", Text),
    Column("registry", Text),
    Column("category", Text),
    Column("country", Text),
    Column("country_code", Text),
    Column("status", Text),
    Column("issued", Double),
    Column("retired", Double),
    Column("cancelled", Double),
    Column("developer_ids", ARRAY(BigInteger)),
)
