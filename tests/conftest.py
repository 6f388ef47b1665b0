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


@pytest.fixture
def run_folder(tmp_path):
    """An output folder written and read under a fixed test run stamp."""
    from smartcity_utils.artifacts import RunFolder
    from smartcity_utils.stamps import RunStamp

    return RunFolder(tmp_path, RunStamp(year=2024, city="Kota", data="d", weights="w",
                                        clusters="c", criteria="q", budget=1e9))
