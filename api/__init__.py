"""carbon-atlas serving side: the api schema, its seed, and (next) the REST API."""
