"""The carbon-atlas REST API: `uvicorn api.main:app` (see README for every URL)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError

from api.config import get_settings
from api.routers import charts, credits, developers, health, projects, stats

logger = logging.getLogger("carbon_atlas.api")

DESCRIPTION = """
Carbon-offset registry data of Verra, Gold Standard, the American Carbon Registry, Climate
Action Reserve and ART TREES, harmonized into one projects table and one credits table,
with resolved project developers. Quantities are tCO2e; dates are ISO 8601.
"""


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="carbon-atlas",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "projects", "description": "Harmonized projects of every registry."},
            {"name": "credits", "description": "Issuances, retirements and cancellations."},
            {"name": "stats", "description": "Market summary."},
            {"name": "charts", "description": "Chart data with every bucket present."},
            {"name": "developers", "description": "Resolved project developers."},
            {"name": "health", "description": "Liveness and database reachability."},
        ],
    )
    app.add_middleware(GZipMiddleware, minimum_size=settings.gzip_minimum_size)
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_methods=["GET"],
            allow_headers=["*"],
        )

    @app.exception_handler(OperationalError)
    def database_unavailable(request: Request, error: OperationalError) -> JSONResponse:
        logger.warning("database unavailable: %s", error)
        return JSONResponse(status_code=503, content={"detail": "the database is unavailable"})

    @app.exception_handler(DBAPIError)
    def database_error(request: Request, error: DBAPIError) -> JSONResponse:
        # Parameters are validated before any query runs; reaching this is a server fault.
        logger.exception("database error on %s", request.url.path)
        return JSONResponse(status_code=503, content={"detail": "the database could not answer"})

    for router in (projects, credits, stats, charts, developers, health):
        app.include_router(router.router)
    return app


app = create_app()
