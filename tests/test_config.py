"""The whole configuration is checked before anything runs: every problem at once, with its
file and key, and `smartcity run` exits 2 with nothing run."""

from pathlib import Path

import yaml

from smartcity_utils.cli import main
from smartcity_utils.config import CRITERION_NAMES, RULEBOOK_FOLDER, configuration_problems
from smartcity_utils.params import load_params, resolve
from smartcity_utils.quick_win.values import CRITERION_VALUES


def _params_with(tmp_path: Path, criteria_edit, weights_edit=None, **overrides) -> Path:
    params = load_params()
    criteria = yaml.safe_load(resolve(params["quick_win_criteria_file"]).read_text())
    criteria_edit(criteria)
    (tmp_path / "criteria.yaml").write_text(yaml.safe_dump(criteria))
    rulebook = resolve(RULEBOOK_FOLDER) / "smart_city_10-20-30-20-20.yaml"
    if weights_edit:
        weights = yaml.safe_load(rulebook.read_text())
        weights_edit(weights)
        rulebook = tmp_path / "weights.yaml"
        rulebook.write_text(yaml.safe_dump(weights))
    params.update(quick_win_criteria_file=str(tmp_path / "criteria.yaml"),
                  rulebook=str(rulebook), out_dir=str(tmp_path / "out"), **overrides)
    path = tmp_path / "params.yaml"
    path.write_text(yaml.safe_dump(params))
    return path


def _typo(criteria):
    criteria["top_k"] = None
    criteria["shortlist_scroe"] = "topsis"


def test_a_bad_criteria_file_stops_the_run_before_any_notebook(tmp_path, capsys):
    path = _params_with(tmp_path, _typo)
    assert main(["run", "--params", str(path)]) == 2
    err = capsys.readouterr().err
    assert "criteria.yaml: top_k" in err and "criteria.yaml: shortlist_scroe: unknown key" in err
    assert not (tmp_path / "out").exists()  # nothing ran, nothing written


def test_every_problem_of_every_file_is_listed_at_once(tmp_path):
    def weights_edit(w):
        w["scale"] = None

    def criteria_edit(c):
        _typo(c)
        c["criteria"]["budget"]["weight"] = None
        c["criteria"]["budgte"] = {"weight": 1, "direction": "cost"}

    path = _params_with(tmp_path, criteria_edit, weights_edit, cluster_k_min=50)
    problems = configuration_problems(yaml.safe_load(path.read_text()))
    text = "\n".join(problems)
    for expected in ("top_k", "shortlist_scroe: unknown key", "criteria.budget.weight",
                     "criteria: unknown criterion 'budgte' (known: 'beneficiaries'",
                     "rulebook weights.yaml: 'scale'",
                     "cluster_k_min (50) must not exceed cluster_k_max (40)"):
        assert expected in text, expected
    assert len(problems) == 6


def test_the_shipped_configuration_is_clean():
    assert configuration_problems(load_params()) == []


def test_the_criteria_model_knows_every_criterion_the_workbook_computes():
    assert set(CRITERION_NAMES) == set(CRITERION_VALUES)


def test_outside_the_project_a_command_ends_with_a_sentence(tmp_path, monkeypatch, capsys):
    import smartcity_utils.paths as paths

    monkeypatch.chdir(tmp_path)

    monkeypatch.setattr(paths, "__file__", str(tmp_path / "pkg" / "paths.py"))
    assert main(["run"]) == 2
    assert "no smart-city project" in capsys.readouterr().err
