"""The container files, checked without a Docker engine: parsed, wired, same commands."""

from __future__ import annotations

import json
import re

import yaml

from tests.conftest import REPO_ROOT

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text()
MAKEFILE = (REPO_ROOT / "Makefile").read_text()


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-zA-Z_-]+):", MAKEFILE, flags=re.M))


def _defaults(value: str) -> str:
    """Expand ${NAME:-default} to its default, as compose does without a .env."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


def _instructions(name: str) -> list[str]:
    return [
        line.split(None, 1)[1]
        for line in DOCKERFILE.splitlines()
        if line.upper().startswith(name + " ")
    ]


def test_compose_runs_postgres_16_with_a_healthcheck_and_a_named_volume():
    db = COMPOSE["services"]["db"]
    assert db["image"] == "postgres:16"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in COMPOSE["volumes"]


def test_compose_pipeline_waits_for_a_healthy_database_it_can_reach():
    pipeline = COMPOSE["services"]["pipeline"]
    assert pipeline["build"] == "."
    assert pipeline["depends_on"]["db"]["condition"] == "service_healthy"
    assert pipeline["restart"] == "no"
    url = _defaults(pipeline["environment"]["DATABASE_URL"])
    db_env = {
        key: _defaults(value) for key, value in COMPOSE["services"]["db"]["environment"].items()
    }
    assert url == (
        f"postgresql://{db_env['POSTGRES_USER']}:{db_env['POSTGRES_PASSWORD']}"
        f"@db:5432/{db_env['POSTGRES_DB']}"
    )


def test_compose_api_starts_after_the_pipeline_completed_with_a_healthcheck():
    api = COMPOSE["services"]["api"]
    assert api["image"] == COMPOSE["services"]["pipeline"]["image"]
    assert api["depends_on"]["pipeline"]["condition"] == "service_completed_successfully"
    assert api["depends_on"]["db"]["condition"] == "service_healthy"
    assert "/health" in " ".join(api["healthcheck"]["test"])
    assert _defaults(api["ports"][0]) == "8000:8000"
    assert _defaults(api["environment"]["CORS_ORIGINS"]) == ""
    assert _defaults(api["environment"]["DATABASE_URL"]) == _defaults(
        COMPOSE["services"]["pipeline"]["environment"]["DATABASE_URL"]
    )
    docs = COMPOSE["services"]["docs"]
    assert docs["profiles"] == ["docs"] and _defaults(docs["ports"][0]) == "8080:8080"


def test_containers_run_the_same_make_targets_as_the_local_run():
    run_recipe = re.search(r"^run:.*$", MAKEFILE, flags=re.M).group(0)
    image_command = json.loads(_instructions("CMD")[-1])
    commands = [image_command] + [
        service["command"] for service in COMPOSE["services"].values() if "command" in service
    ]
    for command in commands:
        assert command[0] == "make"
        assert command[1] in _make_targets()
    assert COMPOSE["services"]["pipeline"]["command"][1] in run_recipe
    assert COMPOSE["services"]["api"]["command"][1] in run_recipe
    assert image_command == ["make", "serve"]


def test_image_is_python_312_slim_non_root_with_a_cached_dependency_layer():
    assert _instructions("FROM") == ["python:3.12-slim"]
    user = _instructions("USER")[-1]
    assert user not in ("root", "0")
    copies = _instructions("COPY")
    assert copies[0].startswith("requirements.txt")
    # The stamp the image touches is the one the Makefile checks, so make installs nothing.
    assert "touch /opt/venv/.installed" in DOCKERFILE
    assert "STAMP := $(VENV)/.installed" in MAKEFILE
    assert "VENV=/opt/venv" in DOCKERFILE
    # The HEALTHCHECK instruction spans lines: look at the text after it.
    assert "/health" in DOCKERFILE.split("HEALTHCHECK", 1)[1].split("CMD [", 1)[0]
    assert _instructions("EXPOSE") == ["8000"]
    assert "WEB_CONCURRENCY" in DOCKERFILE and "WEB_CONCURRENCY" in MAKEFILE
