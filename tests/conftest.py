"""Shared test set-up: every test starts in the default report language."""

import pytest

from smartcity_utils.strings import use_language


@pytest.fixture(autouse=True)
def _default_language():
    use_language("id")
    yield
    use_language("id")


@pytest.fixture
def english():
    """Bind English as the report language for one test (the autouse fixture resets it)."""
    use_language("en")
