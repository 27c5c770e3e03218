"""The slugs of the harmonization contract (shared/spec/harmonization.md)."""

REGISTRIES = (
    "verra",
    "gold-standard",
    "american-carbon-registry",
    "climate-action-reserve",
    "art-trees",
)
STATUSES = ("listed", "registered", "completed", "inactive", "unknown")
CATEGORIES = (
    "forest-and-land-use",
    "agriculture",
    "renewable-energy",
    "energy-efficiency",
    "fuel-switching",
    "ghg-management",
    "carbon-removal",
    "unknown",
)
TRANSACTION_TYPES = ("issuance", "retirement", "cancellation")
