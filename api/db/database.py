"""The engine (created once per process) and the session dependency."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from sqlalchemy import Engine, create_engine
from sqlmodel import Session

from api.config import get_settings
from carbon_atlas.database import database_url, sqlalchemy_url


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    url = sqlalchemy_url(settings.database_url or database_url())
    return create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size,
        pool_pre_ping=True,  # a restarted database is noticed, not served as an error
        pool_recycle=1800,
        connect_args={
            "connect_timeout": 5,
            "application_name": "carbon-atlas api",
            "options": f"-c statement_timeout={settings.db_statement_timeout_ms} "
            "-c default_transaction_read_only=on",
        },
    )


def get_session() -> Iterator[Session]:
    with Session(get_engine()) as session:
        yield session
