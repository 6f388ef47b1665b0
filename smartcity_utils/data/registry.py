"""A data folder's registry, now read in `smartcity_utils.collection.registry`."""

from smartcity_utils.collection.registry import load_registry  # noqa: F401  # moved: notebooks import this until updated
