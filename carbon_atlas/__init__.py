"""Shared infrastructure of carbon-atlas: where the database is, for every component."""
