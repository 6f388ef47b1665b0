"""Moved to `smartcity_utils.quality.flags`."""

from smartcity_utils.quality.flags import *  # noqa: F403  # moved: notebooks import this until updated
