"""Moved to `smartcity_utils.quality.tables`."""

from smartcity_utils.quality.tables import *  # noqa: F403  # moved: notebooks import this until updated
