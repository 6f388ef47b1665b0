"""Every configuration file a run's results depend on is in its stamp, and a new version of it
makes the batch run its workbooks again (issue 21): the Smart City rulebook, the Stage II
readiness thresholds and the impact survey's questionnaire, which is not named by a parameter."""

import io
import shutil

import pytest

from smartcity_utils import config
from smartcity_utils.batch.progress import Progress
from smartcity_utils.batch.run import Batch
from smartcity_utils.context import run_context
from smartcity_utils.errors import ArtifactError
from smartcity_utils.params import load_params
from smartcity_utils.paths import project_root
from smartcity_utils.stamps import check_file, record_file


def _context(tmp_path, **params):
    return run_context(dict(load_params(), out_dir=str(tmp_path / "out"), **params))


def _batch_base(context) -> str:
    """What every notebook's fingerprint in a batch starts from."""
    return Batch(context, force=False, timeout=None, progress=Progress(1, io.StringIO())).base


def _copy(tmp_path, relative: str, name: str):
    copy = tmp_path / name
    shutil.copy(project_root() / relative, copy)
    return copy


def _revised(path):
    path.write_text(path.read_text(encoding="utf-8") + "# revised\n", encoding="utf-8")


def test_a_revised_rulebook_is_a_new_stamp_and_reruns_the_batch(tmp_path):
    rulebook = _copy(tmp_path, "params/rulebooks/smart_city_10-20-30-20-20.yaml",
                     "smart_city_10-20-30-20-20.yaml")
    before = _context(tmp_path, rulebook=str(rulebook))
    _revised(rulebook)
    after = _context(tmp_path, rulebook=str(rulebook))
    assert before.stamp.weights != after.stamp.weights
    assert _batch_base(before) != _batch_base(after)  # the same parameters, another rulebook


@pytest.fixture
def questionnaire(tmp_path, monkeypatch):
    copy = _copy(tmp_path, config.QUESTIONNAIRE_FILE, "impact_questionnaire.yaml")
    monkeypatch.setattr(config, "QUESTIONNAIRE_FILE", str(copy))
    return copy


def test_a_revised_questionnaire_is_a_new_stamp_and_reruns_the_batch(tmp_path, questionnaire):
    before = _context(tmp_path)
    _revised(questionnaire)
    after = _context(tmp_path)
    assert before.stamp.survey.startswith("impact_questionnaire.yaml #")
    assert before.stamp.survey != after.stamp.survey
    assert _batch_base(before) != _batch_base(after)


def test_scores_read_with_another_questionnaire_are_refused_naming_00(tmp_path, questionnaire):
    before = _context(tmp_path)
    scores = tmp_path / "out" / "survey" / "survey_scores.csv"
    scores.parent.mkdir(parents=True)
    scores.write_text("year,score\n2024,3.1\n", encoding="utf-8")
    record_file(before.out_dir, "00_data_quality", before.stamp, scores)
    _revised(questionnaire)
    after = _context(tmp_path)
    with pytest.raises(ArtifactError) as refused:
        check_file(after.out_dir, "00_data_quality", scores,
                   after.stamp.for_writer("00_data_quality"))
    assert str(refused.value) == (
        f"survey/survey_scores.csv was made for impact survey questionnaire "
        f"{before.stamp.survey}, but this run is for {after.stamp.survey}: rerun "
        f"00_data_quality with impact survey questionnaire {after.stamp.survey}")


def test_01s_outputs_under_other_readiness_thresholds_are_refused(tmp_path):
    thresholds = _copy(tmp_path, "params/stage2_readiness.yaml", "stage2_readiness.yaml")
    before = _context(tmp_path, stage2_readiness_file=str(thresholds))
    checklist = tmp_path / "out" / "stage1" / "stage2_readiness.csv"
    checklist.parent.mkdir(parents=True)
    checklist.write_text("item\nx\n", encoding="utf-8")
    record_file(before.out_dir, "01_stage1_evaluation", before.stamp, checklist)
    _revised(thresholds)
    after = _context(tmp_path, stage2_readiness_file=str(thresholds))
    with pytest.raises(ArtifactError, match="was made for Stage II readiness file "
                                            "stage2_readiness.yaml #"):
        check_file(after.out_dir, "01_stage1_evaluation", checklist,
                   after.stamp.for_writer("01_stage1_evaluation"))
    # 02's clusters do not depend on either file
    assert "readiness" not in after.stamp.for_writer("02_innovation_clusters")
    assert "survey" not in after.stamp.for_writer("02_innovation_clusters")


def test_revised_cluster_stop_words_are_new_cluster_settings(tmp_path, monkeypatch):
    stop_words = _copy(tmp_path, "params/cluster_stop_words.yaml", "cluster_stop_words.yaml")
    monkeypatch.setattr(config, "STOP_WORDS_FILE", str(stop_words))
    before = _context(tmp_path)
    _revised(stop_words)
    after = _context(tmp_path)
    assert before.stamp.clusters != after.stamp.clusters
    assert _batch_base(before) != _batch_base(after)


def test_a_revised_rulebook_of_another_year_reruns_the_batch(tmp_path, monkeypatch):
    """01 compares the index under the framework's other rulebooks: one of them revised is a
    new configuration too, though the run's own rulebook and stamp stay as they were."""
    folder = tmp_path / "rulebooks"
    shutil.copytree(project_root() / config.RULEBOOK_FOLDER, folder)
    monkeypatch.setattr(config, "RULEBOOK_FOLDER", str(folder))
    before = _context(tmp_path)
    _revised(folder / "smart_city_10-20-30-30-10.yaml")  # not 2024's rulebook
    after = _context(tmp_path)
    assert before.stamp == after.stamp
    assert _batch_base(before) != _batch_base(after)
