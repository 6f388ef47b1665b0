"""The configuration files are read in one place: `params` reads the run parameters file,
`config` the Smart City rulebooks, the Quick Win criteria and the cluster settings; every other
module gets them from the run context. Checked on the source, by AST."""

import ast
from pathlib import Path

import smartcity_utils

PACKAGE = Path(smartcity_utils.__file__).parent
# Who may read a YAML file, and which. Run configuration: the run parameters (params), the
# Smart City rulebooks, Quick Win criteria and Stage II readiness thresholds (config, for the
# context). Run configuration another room reads, its version in the run stamp: the cluster stop
# words (words: 02's text features; the stamp's cluster settings) and the impact survey's
# questionnaire (survey/rules: read once by 00; the stamp's `survey`); the survey's own rules
# and the IID rulebook are the configuration of a command (`smartcity survey plan`,
# `smartcity iid`), not of a run. Not configuration: the report strings, the sample's wording,
# and the Stage II readiness answers, a file of the data folder (in the data fingerprint).
READERS = {"params.py": "run parameters", "config.py": "rulebooks, criteria, readiness",
           "context.py": "the default run parameters",
           "strings.py": "strings.yaml", "sample/text.py": "sample wording",
           "words.py": "stop words", "iid/rulebook.py": "the IID rulebook (smartcity iid)",
           "survey/rules.py": "the impact survey's rules and questionnaire",
           "stage1/readiness_file.py": "kesiapan_tahap2.yaml of the data folder"}
# The parameters that name a configuration file: only the context's modules look them up.
FILE_KEYS = {"rulebook", "quick_win_criteria_file", "stage2_readiness_file"}
KEY_USERS = {"params.py", "config.py", "context.py"}


def _reads(tree: ast.AST) -> list[str]:
    """The YAML-reading calls of a module: yaml.*load*, load_yaml and read_params_file."""
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = (func.attr if isinstance(func, ast.Attribute)
                    else func.id if isinstance(func, ast.Name) else "")
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(
                func.value, ast.Name) else ""
            if name in ("read_params_file", "load_yaml") or (owner == "yaml" and "load" in name):
                calls.append(name)
    return calls


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def test_only_params_and_config_read_the_configuration_files():
    readers = {name for name, tree in _modules() if _reads(tree)}
    assert readers - set(READERS) == set()
    assert {"params.py", "config.py", "strings.py", "stage1/readiness_file.py"} <= readers


def _looks_up(tree: ast.AST) -> set[str]:
    """The file keys a module looks up in a mapping: `x["rulebook"]`, `x.get(...)`."""
    keys = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load)
                and isinstance(node.slice, ast.Constant)):
            keys.add(node.slice.value)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "get" and node.args
              and isinstance(node.args[0], ast.Constant)):
            keys.add(node.args[0].value)
    return keys & FILE_KEYS


def test_only_the_context_looks_up_the_configuration_file_parameters():
    users = {name for name, tree in _modules() if _looks_up(tree)}
    assert users - KEY_USERS == set()
    assert "config.py" in users  # the check does see a lookup


def test_a_module_reading_the_criteria_itself_would_be_found():
    tree = ast.parse('from smartcity_utils.params import read_params_file\n'
                     'def rules(path):\n    return read_params_file(path)["top_k"]\n')
    assert _reads(tree) == ["read_params_file"]
    tree = ast.parse("import yaml\nyaml.safe_load(open('params/quick_win_criteria.yaml'))")
    assert _reads(tree) == ["safe_load"]
    tree = ast.parse("from smartcity_utils.params import load_yaml\n"
                     "RULES = load_yaml(open('params/stage2_readiness.yaml').read())")
    assert _reads(tree) == ["load_yaml"]


def test_every_configuration_file_of_a_run_is_in_its_stamp():
    """The files in params/ a run reads: each one's version is in the run stamp (the cluster
    stop words inside the cluster settings' fingerprint, checked in test_config_stamps)."""
    from smartcity_utils.context import run_context
    from smartcity_utils.params import load_params

    stamp = run_context(load_params()).stamp
    named = {value.split()[0] for value in (stamp.weights, stamp.criteria, stamp.readiness,
                                            stamp.survey)}
    assert named == {"smart_city_10-20-30-20-20.yaml", "quick_win_criteria.yaml",
                     "stage2_readiness.yaml", "impact_questionnaire.yaml"}
