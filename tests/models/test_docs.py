"""`dbt docs generate` succeeds and the docs describe every column of the marts."""

from __future__ import annotations

import json

from carbon_atlas import pipeline
from tests.conftest import REPO_ROOT


def test_docs_generate_describes_every_mart_column(built):
    pipeline.dbt(built, "docs", "generate", quiet=True)
    manifest = json.loads((REPO_ROOT / "target" / "manifest.json").read_text())
    catalog = json.loads((REPO_ROOT / "target" / "catalog.json").read_text())
    for mart in ("projects", "credits"):
        key = f"model.carbon_atlas.{mart}"
        documented = manifest["nodes"][key]["columns"]
        built_columns = catalog["nodes"][key]["columns"]
        assert len(built_columns) > 15
        undocumented = [
            column
            for column in built_columns
            if not documented.get(column, {}).get("description", "").strip()
        ]
        assert undocumented == [], f"{mart}: {undocumented}"
    exposures = {node["name"] for node in manifest["exposures"].values()}
    assert exposures == {"parquet_release", "rest_api"}
