"""One city (issue #23, item 7): the city a run names comes from `--city`, the parameters, or
the data's metadata.json; the project's default city on data that is not the sample is said
once, in the run's output and on index.html, and never titles another region's pages. Text
about the synthetic sample appears only on sample runs."""

import io
import json
from pathlib import Path

import nbformat
import pytest
from batch_fixtures import agency_notebooks

from smartcity_utils.batch.run import run_suite
from smartcity_utils.context import run_city, run_context
from smartcity_utils.params import load_params
from smartcity_utils.reports.html import index_html

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
DEFAULT = "Kota Pontianak"  # params/default.yaml


def _params(data_dir, **changes) -> dict:
    return dict(load_params(), data_dir=str(data_dir), **changes)


@pytest.mark.parametrize("source, city", [
    ("banten_web", "Provinsi Banten"), ("bogor_inovasi", "Kota Bogor"),
    ("keerom_satudata", "Kabupaten Keerom"), ("lan_inovasi", "Indonesia")])
def test_the_default_city_gives_way_to_the_city_in_the_datas_metadata(source, city):
    assert run_city(_params(CORPUS / source)) == (city, "metadata")


def test_the_city_is_kept_when_given_named_or_the_sample():
    real = "tests/fixtures/real/jatim_iid"  # metadata.json without a city
    assert run_city(_params(real)) == ("", "none")
    assert run_city(_params(real), city_given=True) == (DEFAULT, "parameters")
    assert run_city(_params(real, city="Provinsi Jawa Timur")) == \
        ("Provinsi Jawa Timur", "parameters")
    assert run_city(_params(CORPUS / "banten_web", city="Kota Serang")) == \
        ("Kota Serang", "parameters")
    assert run_city(_params("data/sample")) == (DEFAULT, "sample")


def _index(city: str, city_from: str, lang: str = "id") -> str:
    context = run_context(_params("data/sample", city=city, lang=lang))
    return index_html(context, [], [], city_from=city_from)


def test_index_says_where_a_replaced_default_city_came_from():
    page = _index("Provinsi Banten", "metadata")
    assert "Ringkasan Smart City - Provinsi Banten - 2024" in page
    assert ('Nama daerah Provinsi Banten diambil dari metadata.json data' in page
            and "kota bawaan (Kota Pontianak)" in page)
    page = _index("", "none", "en")
    assert "<h1>Smart City Summary - 2024</h1>" in page
    assert "This page names no region" in page
    for kept in ("parameters", "sample"):
        page = _index(DEFAULT, kept)
        assert "kota bawaan" not in page and f"Ringkasan Smart City - {DEFAULT} - 2024" in page


def test_a_run_on_other_data_under_the_default_city_says_so_once(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "metadata.json").write_text(json.dumps({"synthetic": False, "city": "Kota Bogor"}))
    notebooks = agency_notebooks(tmp_path / "notebooks")  # no report asked for: none runs
    said = io.StringIO()
    manifest = run_suite(_params(data, out_dir=str(tmp_path / "out")), agencies=None,
                         workers=1, notebooks_dir=notebooks, stream=said)
    assert said.getvalue().count("warning:") == 1
    assert "default 'Kota Pontianak': its pages are titled 'Kota Bogor'" in said.getvalue()
    assert manifest["params"]["city"] == "Kota Bogor" and manifest["city_from"] == "metadata"
    index = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "Kota Pontianak -" not in index and "Kota Bogor - 2024" in index
    said = io.StringIO()
    run_suite(_params(data, out_dir=str(tmp_path / "out")), agencies=None, workers=1,
              notebooks_dir=notebooks, stream=said, city_given=True)
    assert "warning:" not in said.getvalue()


def test_02_speaks_of_planted_groups_only_on_the_sample():
    """The planted groups are named in an output shown when the data has them (the synthetic
    sample), never in 02's fixed text, which every run shows."""
    nb = nbformat.read(Path(__file__).parent.parent / "notebooks" / "02_innovation_clusters.ipynb",
                       as_version=4)
    fixed = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not [w for w in ("planted", "ditanam", "generator") if w in fixed]
    [shown] = [c.source for c in nb.cells if "planted_note" in c.source]
    assert "if truth is not None:" in shown
