"""Alembic environment: the api schema only, on the database every component uses."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool, text

from api.db.models import SCHEMA, SQLModel
from carbon_atlas.database import sqlalchemy_url

config = context.config
target_metadata = SQLModel.metadata


def include_name(name, type_, parent_names) -> bool:
    """dbt owns every schema but `api`: autogenerate must never look at them."""
    if type_ == "schema":
        return name == SCHEMA
    return True


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Trigram indexes exist only where pg_trgm does (revision 0001): not in the models."""
    return not (type_ == "index" and name and name.endswith("_trgm"))


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or sqlalchemy_url()


def _configure(**kwargs) -> None:
    context.configure(
        target_metadata=target_metadata,
        include_schemas=True,
        include_name=include_name,
        include_object=include_object,
        version_table_schema=SCHEMA,
        compare_type=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        # The version table lives in the api schema, so the schema must exist first.
        connection.execute(text(f"create schema if not exists {SCHEMA}"))
        connection.commit()
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
