"""The dbt models, driven for real: ingest the sample, `dbt build`, then query the marts."""

from __future__ import annotations

import pytest

from carbon_atlas import pipeline
from tests.conftest import SAMPLE_DIR
from tests.ingest.conftest import reset_raw_layer


@pytest.fixture(scope="module")
def built(database_url) -> str:
    """data/sample ingested into an empty raw layer and `dbt build` passed (warnings allowed)."""
    reset_raw_layer(database_url)
    pipeline.ingest(database_url, SAMPLE_DIR, quiet=True)
    pipeline.dbt(database_url, "build", quiet=True)
    return database_url
