"""API settings, from the environment (and .env). Every setting is in .env.example."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Unset: carbon_atlas.database resolves it (the embedded PostgreSQL).
    database_url: str | None = None
    # Comma-separated origins allowed by CORS; none when unset.
    cors_origins: str = ""
    # Connections the engine keeps per worker process.
    db_pool_size: int = Field(default=10, ge=1, le=100)
    # Longest a query may run before PostgreSQL cancels it (ms).
    db_statement_timeout_ms: int = Field(default=15_000, ge=100)
    # Responses larger than this are gzip-compressed when the client accepts it.
    gzip_minimum_size: int = Field(default=1_000, ge=0)

    @field_validator("cors_origins")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
