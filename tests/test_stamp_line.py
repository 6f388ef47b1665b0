"""The run's stamp line under the title of index.html, every agency page and the decision record:
evaluation year, data folder and its version, the Smart City rulebook and the run date, in one
line (issue 21), each part written out here by hand."""

import json

import pytest

from smartcity_utils.context import run_context
from smartcity_utils.params import load_params
from smartcity_utils.reports.blocks import stamp_line, stamp_text

WRITTEN = "2024-06-05T02:30:00+00:00"  # when 00 read the data, as its stamp file records it


def _context(tmp_path, **params):
    (tmp_path / "stamps").mkdir()
    (tmp_path / "stamps" / "00_data_quality.json").write_text(
        json.dumps({"stamp": {}, "written": WRITTEN, "files": {}}), encoding="utf-8")
    return run_context(dict(load_params(), out_dir=str(tmp_path), **params))


@pytest.mark.parametrize("lang, line", [
    ("id", "Tahun evaluasi 2024 · data: data/sample (versi {data}) · aturan penilaian "
           "10-20-30-20-20 · dijalankan 5 Juni 2024, 02:30 UTC"),
    ("en", "Evaluation year 2024 · data: data/sample (version {data}) · scoring rulebook "
           "10-20-30-20-20 · run on 5 June 2024, 02:30 UTC"),
])
def test_the_stamp_line_names_year_data_rulebook_and_run_date(tmp_path, lang, line):
    context = _context(tmp_path, lang=lang)
    assert len(context.stamp.data) == 12
    assert stamp_text(context) == line.format(data=context.stamp.data)


def test_a_rulebook_named_by_the_parameters_is_the_one_in_the_line(tmp_path):
    context = _context(tmp_path, rulebook="params/rulebooks/smart_city_10-20-30-30-10.yaml")
    assert "· aturan penilaian 10-20-30-30-10 ·" in stamp_text(context, "id")


def test_the_line_is_one_muted_paragraph_with_its_text_escaped(tmp_path):
    context = _context(tmp_path, data_dir="data/sample")
    block = stamp_line(context, "id")
    assert block.html == f'<p class="sc-muted sc-stamp">{block.plain}</p>'
    assert block.plain.count("·") == 3
