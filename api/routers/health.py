"""/health: is the API up, and can it reach its database."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.db.database import get_engine
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "The database is unreachable."}},
)
def health():
    """200 with the row count of projects; 503 while the database cannot be reached
    (it recovers by itself: the next request after the database is back answers 200)."""
    try:
        with get_engine().connect() as connection:
            projects = connection.execute(text("select count(*) from api.projects")).scalar_one()
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0][:200]
        return JSONResponse(
            status_code=503,
            content=Health(
                status="unavailable", database="unreachable", detail=reason
            ).model_dump(),
        )
    return Health(status="ok", database="ok", projects=projects)
