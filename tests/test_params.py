"""The run-parameter schema refuses unknown keys, wrong types and missing files by name."""

import pytest
import yaml

from smartcity_utils.errors import ParamsError
from smartcity_utils.params import check_params, load_params, read_params_file, resolve

DEFAULT = "params/default.yaml"


def _default() -> dict:
    return read_params_file(resolve(DEFAULT))


def test_default_params_are_valid():
    params = load_params(DEFAULT)
    assert params["lang"] == "id"
    assert params["data_dir"] == "data/sample"


def test_unknown_key_is_named():
    with pytest.raises(ParamsError, match="unknown key 'budgett'"):
        check_params(dict(_default(), budgett=1))


def test_wrong_type_is_named():
    with pytest.raises(ParamsError, match="key 'year' must be whole number, got '2024'"):
        check_params(dict(_default(), year="2024"))


def test_boolean_is_not_a_number():
    with pytest.raises(ParamsError, match="key 'seed' must be whole number"):
        check_params(dict(_default(), seed=True))


def test_missing_file_is_named():
    with pytest.raises(ParamsError, match="key 'rulebook': file not found: params/nope.yaml"):
        check_params(dict(_default(), rulebook="params/nope.yaml"))


def test_an_old_weights_file_key_says_what_to_write_instead():
    """Parameters files written before the rulebooks name `weights_file`: the message says
    what replaced it and the line to write, never a bare "unknown key"."""
    with pytest.raises(ParamsError) as refused:
        check_params(dict(_default(), weights_file="params/weights/stage1_10-20-30-30-10.yaml"))
    message = str(refused.value)
    assert "unknown key" not in message
    assert "key 'weights_file' is no longer read" in message
    assert "chosen from params/rulebooks/ by `year`" in message
    assert "`rulebook: params/rulebooks/smart_city_10-20-30-30-10.yaml`" in message
    assert resolve("params/rulebooks/smart_city_10-20-30-30-10.yaml").is_file()


def test_missing_data_folder_is_named():
    with pytest.raises(ParamsError, match="key 'data_dir': dir not found: data/none"):
        check_params(dict(_default(), data_dir="data/none"))


def test_missing_key_is_named():
    params = _default()
    del params["city"]
    with pytest.raises(ParamsError, match="missing key 'city'"):
        check_params(params)


def test_language_must_be_id_or_en():
    with pytest.raises(ParamsError, match="key 'lang' must be one of id, en"):
        check_params(dict(_default(), lang="fr"))


def test_every_problem_is_reported_at_once():
    with pytest.raises(ParamsError) as info:
        check_params(dict(_default(), year="x", extra=1))
    assert "unknown key 'extra'" in str(info.value) and "key 'year'" in str(info.value)


def test_overrides_are_checked_too(tmp_path):
    with pytest.raises(ParamsError, match="key 'data_dir': dir not found"):
        load_params(DEFAULT, {"data_dir": str(tmp_path / "missing")})


def test_file_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump([1, 2]))
    with pytest.raises(ParamsError, match="must be a mapping"):
        load_params(path)
