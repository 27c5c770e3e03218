"""CORS: the origins CORS_ORIGINS lists, and none when it is unset."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.config import get_settings
from api.main import create_app


def make_client(monkeypatch, origins: str | None) -> TestClient:
    if origins is None:
        monkeypatch.delenv("CORS_ORIGINS", raising=False)
    else:
        monkeypatch.setenv("CORS_ORIGINS", origins)
    get_settings.cache_clear()
    try:
        return TestClient(create_app())
    finally:
        get_settings.cache_clear()


def test_listed_origins_are_allowed(api_database, monkeypatch):
    client = make_client(monkeypatch, "https://atlas.example.org, http://localhost:3000")
    allowed = client.get("/health", headers={"Origin": "http://localhost:3000"})
    assert allowed.headers["access-control-allow-origin"] == "http://localhost:3000"
    other = client.get("/health", headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in other.headers


def test_no_origin_is_allowed_when_unset(api_database, monkeypatch):
    client = make_client(monkeypatch, None)
    response = client.get("/health", headers={"Origin": "http://localhost:3000"})
    assert "access-control-allow-origin" not in response.headers
