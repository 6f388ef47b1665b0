"""The meeting's recompute (`quick_win.trial`), its weights as whole percents
(`quick_win.shares`), the saved weight set, and the live view in a real browser."""

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from smartcity_utils.batch.run import run_suite
from smartcity_utils.config import read_criteria
from smartcity_utils.context import finished_run
from smartcity_utils.meeting.save import save_meeting_weights
from smartcity_utils.params import load_params, resolve
from smartcity_utils.provenance import MEETING, MeetingProvenance
from smartcity_utils.quick_win.shares import as_shares, moved, whole_percents
from smartcity_utils.quick_win.trial import Terms, run_candidates, shortlist_trial
from smartcity_utils.reports.browser import BrowserMissing, chromium
from smartcity_utils.reports.record_weights import signatories, weights_lines

# ------------------------------------------------------------------ whole percents


def test_weights_become_whole_percents_adding_up_to_100():
    # 20/10/15 of 45: 44.44, 22.22, 33.33 -> floors 44, 22, 33 (99); the largest remainder
    # (0.44 of the first) takes the last point: 45, 22, 33.
    assert whole_percents({"a": 20, "b": 10, "c": 15}) == {"a": 45, "b": 22, "c": 33}
    # A weight under 1% is raised to the floor of 1%, the rest shared in proportion.
    assert whole_percents({"a": 1000, "b": 1}) == {"a": 99, "b": 1}


def test_moving_one_share_gives_the_difference_to_the_others_in_proportion():
    # a goes 50 -> 70: the others' 50 becomes 30; above their 1% floor they held 29 and 19
    # (of 48), so they get 28 * 29/48 = 16.92 and 28 * 19/48 = 11.08 above the floor:
    # 1 + 17 = 18 and 1 + 11 = 12 (largest remainder). 70 + 18 + 12 = 100.
    def shown(shares, name, value):
        return whole_percents(moved(shares, name, value))

    assert shown({"a": 50, "b": 30, "c": 20}, "a", 70) == {"a": 70, "b": 18, "c": 12}
    # Asked for more than the others' floors leave: capped at 100 - 2 x 1.
    assert shown({"a": 50, "b": 30, "c": 20}, "a", 100) == {"a": 98, "b": 1, "c": 1}
    # From the floor back down: the others were all at 1%, the rest is shared equally.
    assert shown({"a": 98, "b": 1, "c": 1}, "a", 50) == {"a": 50, "b": 25, "c": 25}


def test_fifteen_one_point_moves_end_where_one_fifteen_point_move_does():
    # The sample's weights; beneficiaries 20% -> 35%. Above their 1% floors the others hold
    # 9, 14, 14, 4, 9, 9, 4, 9 (72) and get 100 - 35 - 8 = 57: 1 + 9 x 57/72 = 8.125,
    # 1 + 14 x 57/72 = 12.083, 1 + 4 x 57/72 = 4.167 (sum 65). Floors 8, 12, 12, 4, 8, 8, 4, 8
    # (64); the one point left goes to the largest remainder, the first 4.167 (time).
    start = {"beneficiaries": 20, "need": 10, "cost": 15, "readiness": 15, "time": 5,
             "reach": 10, "partners": 10, "integration": 5, "digital": 10}
    expected = {"beneficiaries": 35, "need": 8, "cost": 12, "readiness": 12, "time": 5,
                "reach": 8, "partners": 8, "integration": 4, "digital": 8}
    assert whole_percents(moved(start, "beneficiaries", 35)) == expected
    shares = dict(start)
    for value in range(21, 36):  # a reader pressing the arrow key fifteen times
        shares = moved(shares, "beneficiaries", value)
    assert whole_percents(shares) == expected


# ------------------------------------------------------------------ a hand-made trial

HAND_CRITERIA = {
    "version": "hand-1",
    "shortlist": {"max_per_agency": None, "min_per_dimension": 0, "max_total": None},
    "criteria": {"beneficiaries": {"weight": 50, "direction": "benefit"},
                 "readiness": {"weight": 50, "direction": "benefit"}},
}


def _hand_run(tmp_path):
    path = tmp_path / "criteria.yaml"
    path.write_text(yaml.safe_dump(HAND_CRITERIA), encoding="utf-8")
    ranking = pd.DataFrame({
        "innovation_id": ["A", "B", "C"], "innovation_name": ["Ana", "Bina", "Cita"],
        "agency_code": ["X", "Y", "Z"], "dimension": ["Smart Living"] * 3,
        "sub_dimension": ["Kesehatan"] * 3, "tahapan": ["penerapan"] * 3,
        "budget_idr": [60, 60, 40], "value_beneficiaries": [100.0, 0.0, 50.0],
        "value_readiness": [0.0, 2.0, 1.0]})
    return run_candidates(ranking, read_criteria(path)), Terms(100.0, None, None)


def test_moving_one_weight_changes_the_chosen_set_as_worked_by_hand(tmp_path):
    run, terms = _hand_run(tmp_path)
    # Min-max scaled: beneficiaries A 1, B 0, C 0.5; readiness A 0, B 1, C 0.5.
    # Budget 100 holds two of them except A + B (120).
    # Beneficiaries 80%, readiness 20%: A 0.8, B 0.2, C 0.5; A + C = 1.3 > B + C = 0.7.
    trial = shortlist_trial(run, {"beneficiaries": 0.8, "readiness": 0.2}, terms, seed=1)
    assert sorted(trial.shortlist.selected) == ["A", "C"]
    assert trial.shortlist.total_cost == 100
    assert trial.reasons["B"] == "budget_left"  # 60 > the 0 left
    # Beneficiaries 20%, readiness 80%: A 0.2, B 0.8, C 0.5; B + C = 1.3 > A + C = 0.7.
    trial = shortlist_trial(run, {"beneficiaries": 0.2, "readiness": 0.8}, terms, seed=1)
    assert sorted(trial.shortlist.selected) == ["B", "C"]
    assert trial.reasons["A"] == "budget_left"
    assert trial.ranking["weighted_sum"].round(9).to_dict() == {"B": 0.8, "C": 0.5, "A": 0.2}
    # A budget of 60 holds one: the best alone is B (0.8).
    trial = shortlist_trial(run, {"beneficiaries": 0.2, "readiness": 0.8},
                            Terms(60.0, None, None), seed=1)
    assert trial.shortlist.selected == ["B"]


def _release(slider, value):
    """A slider let go at `value`, as the browser reports it (`value_throttled`)."""
    import param

    slider.value = value
    with param.edit_constant(slider):
        slider.value_throttled = value


def test_the_meetings_sensitivity_note_points_at_the_chance_column(tmp_path, english):
    run, terms = _hand_run(tmp_path)
    trial = shortlist_trial(run, {"beneficiaries": 0.5, "readiness": 0.5}, terms, seed=1)
    # two criteria vary (beneficiaries 100/0/50, readiness 0/2/1): the draws can judge the order,
    # and in the meeting their result is the chance column, not "the draws below" of 03
    assert trial.sensitivity_note.startswith("2 criteria vary between the candidates")
    assert '"Chance of a top place"' in trial.sensitivity_note
    assert "below" not in trial.sensitivity_note


def test_the_controls_are_labelled_shares_of_equal_tracks_that_drive_the_shortlist(
        tmp_path, english):
    from smartcity_utils.meeting.controls import MeetingControls

    run, terms = _hand_run(tmp_path)
    controls = MeetingControls(run, terms, {}, seed=1)
    sliders = list(controls.sliders.values())
    assert [s.label for s in sliders] == ["Beneficiaries", "Readiness"]  # the pages' words
    assert [s.value for s in sliders] == [50, 50] and len({s.width for s in sliders}) == 1
    # 50/50: A 0.5, B 0.5, C 0.5 tie; beneficiaries to 80%: A + C, as worked by hand above.
    _release(sliders[0], 80)
    assert [s.value for s in sliders] == [80, 20]
    assert sorted(controls.trial.shortlist.selected) == ["A", "C"]
    assert "sc-chosen" in controls.candidates.object
    _release(sliders[1], 80)  # readiness to 80%: B + C
    assert [s.value for s in sliders] == [20, 80]
    assert sorted(controls.trial.shortlist.selected) == ["B", "C"]
    controls.budget.value = 60  # room for one: B alone
    assert controls.trial.shortlist.selected == ["B"]
    assert "60 of IDR 60" in controls.summary.object.replace("\xa0", " ")
    # the box holds digits; its label reads the amount as the pages write money
    controls.budget.value = 2_500_000_000
    assert controls.budget.label.replace("\xa0", " ") == "Quick Win budget: IDR 2,500,000,000"


def test_a_saved_weight_set_reads_back_with_its_weights_limits_and_provenance(tmp_path):
    source = resolve("params/quick_win_criteria.yaml")
    criteria = read_criteria(source)
    percents = whole_percents({c.name: 1 for c in criteria.criteria})  # 12, 11, ... 11
    assert sum(percents.values()) == 100
    saved = save_meeting_weights(source, criteria.version, percents,
                                 Terms(3_000_000_000, 3, 0), tmp_path,
                                 dt.datetime(2026, 12, 5, 10, 15, 0))
    written = read_criteria(saved.path)
    assert saved.path.parent == tmp_path and written.version == "rapat-2026-12-05-101500"
    assert {c.name: c.weight for c in written.criteria} == percents
    assert written.max_per_agency == 3 and written.min_per_dimension == 0
    assert written.max_total == criteria.max_total  # the limits the meeting has not set stay
    origin = written.provenance
    assert isinstance(origin, MeetingProvenance) and origin.method == MEETING
    assert origin.date == dt.date(2026, 12, 5) and origin.based_on == criteria.version
    assert origin.budget_idr == 3_000_000_000
    assert weights_lines(written, "id") == [
        "Bobot kriteria: berkas kriteria rapat-2026-12-05-101500, ditetapkan dalam rapat Tim "
        "Teknis pada 5 Desember 2026, dengan menggeser bobot versi 2024-draft-2."]
    assert signatories(written, "id")[0] == "Ketua Tim Teknis"


# ------------------------------------------------------------------ a sample run


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> Path:
    """A finished sample run (one agency report)."""
    out = tmp_path_factory.mktemp("meeting")
    manifest = run_suite(dict(load_params(), out_dir=str(out)), agencies=["DINKES"], workers=2)
    assert [n for n in manifest["notebooks"] if n["status"] != "ok"] == []
    return out


def _trial_of(out: Path, shares=None):
    context = finished_run(out)
    run = run_candidates(context.run.read_table("quick_win_ranking"), context.criteria)
    return context, run, shortlist_trial(run, shares or run.shares,
                                         Terms.of(context.criteria, context.budget),
                                         context.params["seed"])


@pytest.mark.batch
def test_the_run_own_weights_give_exactly_03s_shortlist_and_coverage(sample_run):
    context, run, trial = _trial_of(sample_run)
    pd.testing.assert_frame_equal(trial.table, context.run.read_table("quick_win_shortlist"),
                                  check_dtype=False, check_exact=False, rtol=0, atol=1e-12)
    pd.testing.assert_frame_equal(trial.coverage, context.run.read_table("quick_win_coverage"),
                                  check_dtype=False)
    ranking = context.run.read_table("quick_win_ranking").set_index("innovation_id")
    assert trial.reasons.reindex(ranking.index).tolist() == ranking["reason"].tolist()
    started = time.perf_counter()
    _trial_of(sample_run, {n: 1 / len(run.criteria.names) for n in run.criteria.names})
    assert time.perf_counter() - started < 3  # < 1 s on a quiet machine (docs/meeting.md)


# ------------------------------------------------------------------ in a real browser

DEEP = """
function* walk(n){ yield n; if (n.shadowRoot) yield* walk(n.shadowRoot);
  for (const c of n.children || []) yield* walk(c); }
const what = arguments[0], out = [];
for (const n of walk(document.documentElement)) {
  const cls = n.classList || {contains: () => false};
  if (what === 'chosen' && n.tagName === 'TR' && cls.contains('sc-chosen')) out.push(n.dataset.id);
  if (what === 'handles' && cls.contains('noUi-handle')) out.push(n);
  if (what === 'shares' && cls.contains('noUi-handle')) out.push(n.getAttribute('aria-valuenow'));
  if (what === 'buttons' && n.tagName === 'BUTTON') out.push(n);
  if (what === 'saved' && cls.contains('sc-meeting-saved')) out.push(n.textContent);
}
return out;"""


def _driver():
    try:
        browser = chromium()
    except BrowserMissing as missing:
        pytest.skip(str(missing))
    driver_path = shutil.which("chromedriver")
    if driver_path is None:
        pytest.skip("chromedriver is not installed (Debian: apt-get install chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,2400"):
        options.add_argument(arg)
    options.binary_location = browser
    return webdriver.Chrome(service=Service(driver_path), options=options)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _until(condition, seconds: float, what: str):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


@pytest.mark.batch
def test_the_meeting_view_recomputes_in_a_browser_and_saves_the_weights(sample_run, tmp_path):
    from selenium.webdriver.common.keys import Keys

    driver = _driver()
    port, saved = _free_port(), tmp_path / "saved"
    saved.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "smartcity_utils.cli", "meeting", "--out", str(sample_run),
         "--port", str(port), "--lang", "id", "--save-to", str(saved)],
        cwd=resolve("."), start_new_session=True, env=os.environ.copy())
    shots = os.environ.get("SMARTCITY_MEETING_SCREENSHOTS")
    try:
        def page_loaded():
            try:
                driver.get(f"http://127.0.0.1:{port}/")
            except Exception:
                return False
            return _until(lambda: driver.execute_script(DEEP, "chosen"), 60, "the shortlist")
        before = _until(page_loaded, 120, "the meeting view")
        context, run, trial = _trial_of(sample_run)
        assert before == [i for i in trial.ranking.index if i in trial.shortlist.selected]
        if shots:
            driver.save_screenshot(f"{shots}/meeting-before.png")
        first = run.criteria.names[0]
        target = whole_percents(run.shares)[first] + 15  # 20% -> 35%: one point a key
        handle = driver.execute_script(DEEP, "handles")[0]  # the first criterion's weight
        for _ in range(15):
            handle.send_keys(Keys.ARROW_RIGHT)

        def shown_and_computed():
            shares = [round(float(v)) for v in driver.execute_script(DEEP, "shares")]
            percents = dict(zip(run.criteria.names, shares, strict=True))
            chosen = driver.execute_script(DEEP, "chosen")
            if percents[first] == target and chosen != before:
                _, _, expected = _trial_of(sample_run, as_shares(percents))
                wanted = [i for i in expected.ranking.index if i in expected.shortlist.selected]
                if chosen == wanted and sum(shares) == 100:
                    return percents
            return None
        percents = _until(shown_and_computed, 90, "the shortlist of the moved weights")
        if shots:
            time.sleep(1)
            driver.save_screenshot(f"{shots}/meeting-after.png")
        button = [b for b in driver.execute_script(DEEP, "buttons")
                  if "Simpan set bobot ini" in b.text][0]
        button.click()
        message = _until(lambda: driver.execute_script(DEEP, "saved"), 30, "the save")[0]
        files = list(saved.glob("*.yaml"))
        assert len(files) == 1 and str(files[0]) in " ".join(message.split())
        written = read_criteria(files[0])
        weights = {c.name: c.weight for c in written.criteria}
        assert {n: weights[n] for n in percents} == percents
        assert written.provenance.method == MEETING
    finally:
        driver.quit()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)
