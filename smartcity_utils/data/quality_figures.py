"""Moved to `smartcity_utils.quality.figures`."""

from smartcity_utils.quality.figures import *  # noqa: F403  # moved: notebooks import this until updated
