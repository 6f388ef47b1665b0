"""The `smartcity` command line: parse, then call one public function (architecture.md)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

from smartcity_utils.atomic import device_failures_said
from smartcity_utils.batch.interrupt import RunInterrupted
from smartcity_utils.errors import SmartCityError

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def _run(args: argparse.Namespace) -> int:
    from smartcity_utils.batch.run import failures, run_suite
    from smartcity_utils.params import load_params

    params = load_params(
        args.params, {"data_dir": args.data, "out_dir": args.out, "lang": args.lang,
                      "year": args.year, "city": args.city}
    )
    manifest = run_suite(params, agencies=args.agencies, workers=args.workers,
                         executor=args.executor, scheduler=args.scheduler, force=args.force,
                         timeout=args.timeout, pdf=args.pdf, city_given=args.city is not None,
                         notebooks_dir=Path(args.notebooks) if args.notebooks else None)
    failed = failures(manifest)
    counts = {s: sum(n["status"] == s for n in manifest["notebooks"])
              for s in ("ok", "skipped", "failed")}
    print(f"{counts['ok']} ok, {counts['skipped']} up to date, {counts['failed']} failed; "
          f"manifest: {params['out_dir']}/manifest.json, summary: {params['out_dir']}/index.html")
    for item in failed:
        agency = f" [{item['agency']}]" if item["agency"] else ""
        print(f"FAILED {item['notebook']}{agency}: {item['error']}", file=sys.stderr)
    return 1 if failed else 0


def _validate(args: argparse.Namespace) -> int:
    from smartcity_utils.collection.registry import validate_registry
    from smartcity_utils.data.summary import summary_lines, validation_report

    dataset = validate_registry(args.paths)
    report = validation_report(dataset)
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    else:
        for line in summary_lines(report):
            print(line)
        for problem in dataset.problems:
            print(problem.line())
        if not dataset.errors:
            warnings = len(dataset.problems)
            print(f"valid: {', '.join(args.paths)}"
                  + (f" ({warnings} warnings)" if warnings else ""), file=sys.stderr)
    return 1 if dataset.errors else 0


def _template(args: argparse.Namespace) -> int:
    from smartcity_utils.collection.template import write_templates

    if args.readiness:
        return _readiness_template(args)
    if args.weights:
        return _weights_template(args)
    written = write_templates(args.out, data_dir=args.data, agencies=args.agencies,
                              year=args.year)
    books = [p for p in written if p.suffix == ".xlsx"]
    print(f"{len(books)} template(s) written to {args.out}, with sent.json (who was sent what)")
    return 0


def _readiness_template(args: argparse.Namespace) -> int:
    from smartcity_utils.stage1.readiness_file import write_readiness_template

    if args.year is None:
        raise SmartCityError("--readiness needs --year: the evaluation year the team's answers "
                             "are for")
    path = write_readiness_template(args.out, args.year)
    print(f"Stage II readiness template for {args.year} written to {path.as_posix()}: the "
          "technical team fills it in there (Indonesian comments say how), then `smartcity run` "
          "shows the checklist in the Stage I Evaluation")
    return 0


def _criteria_file(given: str | None) -> Path:
    """The criteria file given, else the one the default run parameters name."""
    from smartcity_utils.context import criteria_file

    return Path(given) if given else criteria_file()


def _weights_template(args: argparse.Namespace) -> int:
    from smartcity_utils.config import read_criteria
    from smartcity_utils.team_weights.form import write_weights_forms

    if args.members is None:
        raise SmartCityError("--weights needs --members N: one form is written per member")
    source = _criteria_file(args.criteria)
    written = write_weights_forms(args.out, read_criteria(source), args.members)
    print(f"{len(written)} weights form(s) for {source.name} written to {args.out}: one per "
          "member; put the returned forms in one folder, then: smartcity weights FOLDER --out "
          "NEW_CRITERIA.yaml")
    return 0


def _weights(args: argparse.Namespace) -> int:
    from smartcity_utils.team_weights.group import TeamWeightsSettings
    from smartcity_utils.team_weights.report import report_lines, weigh

    settings = TeamWeightsSettings(leave_out_inconsistent=args.leave_out_inconsistent)
    run = weigh(args.folder, _criteria_file(args.criteria), args.out, args.version, settings)
    for problem in run.problems:
        print(problem.line())
    print("\n".join(report_lines(run, args.lang)))
    return 1 if run.problems or run.team is None else 0


def _record(args: argparse.Namespace) -> int:
    from smartcity_utils.batch.record import write_decision_record

    written = write_decision_record(args.out, lang=args.lang, pdf=args.pdf)
    print(f"decision record (berita acara) written to {written.page}; index.html links it")
    if written.note:
        print(written.note, file=sys.stdout if written.pdf else sys.stderr)
    return 1 if args.pdf and written.pdf is None else 0


def _meeting(args: argparse.Namespace) -> int:
    from smartcity_utils.meeting.serve import serve_meeting
    return serve_meeting(args.out, args.port, args.lang, args.save_to)


def _suggest(args: argparse.Namespace) -> int:
    from smartcity_utils.suggest.fill import suggest_data
    from smartcity_utils.suggest.output import summary, write_suggested

    data = suggest_data(args.data_dir)
    write_suggested(data, args.out)
    done = summary(data)
    fields = ", ".join(f"{table}.{name}: {n}" for table, counts in done["fields"].items()
                       for name, n in counts.items()) or "nothing was missing"
    if "innovations" not in data.tables:
        print(f"{args.data_dir} has no innovations table (run `smartcity validate "
              f"{args.data_dir}` to see why), so no innovation field was suggested; the "
              f"{' and '.join(data.tables)} table(s) were copied.")
    print(f"suggested {fields}; {done['low_confidence']} below the confidence "
          f"threshold. Review {args.out}/{done['review']}, then: smartcity validate {args.out}")
    return 0


def _sample(args: argparse.Namespace) -> int:
    from smartcity_utils.sample.generator import write_sample

    summary = write_sample(args.out, agencies=args.agencies, innovations=args.innovations,
                           seed=args.seed)
    print(json.dumps(summary, indent=2, default=str))
    return 0


def _iid(args: argparse.Namespace) -> int:
    from smartcity_utils.iid.report import iid_report, report_lines

    report = iid_report(args.file, args.rulebook)
    for note in report.notes:
        print(note.line(), file=sys.stderr)
    print("\n".join(report_lines(report, args.lang)))
    return 0


def _survey_plan(args: argparse.Namespace) -> int:
    from smartcity_utils.survey.commands import write_plan

    write_plan(args.data, args.out, year=args.year, rules_file=args.rules, city=args.city,
               lang=args.lang, progress=lambda line: print(line, file=sys.stderr))
    print(f"next: check the plan in {args.out}, then: smartcity survey forms --plan {args.out} "
          "--out DIR")
    return 0


def _survey_forms(args: argparse.Namespace) -> int:
    from smartcity_utils.survey.commands import write_forms

    written = write_forms(args.plan, args.out, questionnaire_file=args.questionnaire,
                          lang=args.lang, progress=lambda line: print(line, file=sys.stderr))
    print(f"{len(written) - 1} form(s) written to {args.out}, with the plan they belong to "
          "(survey_plan.json)")
    return 0


def _survey_check(args: argparse.Namespace) -> int:
    from smartcity_utils.context import default_params, run_context
    from smartcity_utils.survey.commands import check_returned

    scale = run_context(default_params()).weights.scale  # the rulebook's report scale
    lines, status = check_returned(args.folder, scale, questionnaire_file=args.questionnaire,
                                   lang=args.lang)
    print("\n".join(lines))
    return status


def _lab(args: argparse.Namespace) -> int:
    from smartcity_utils.paths import notebooks_dir
    from smartcity_utils.reports.lab_language import show_language_in

    if args.lang:
        changed = show_language_in(notebooks_dir(), args.lang)
        print(f"notebooks/ shows {LANGUAGE_NAMES[args.lang]}, the other language's explanations "
              f"collapsed ({len(changed)} notebooks changed); a notebook open in JupyterLab "
              "shows it once reopened (File > Reload Notebook from Disk)")
        if args.switch_only:
            return 0
    elif args.switch_only:
        raise SmartCityError("--switch-only needs --lang id or --lang en: the language to show")
    command = [sys.executable, "-m", "jupyter", "lab", f"--notebook-dir={notebooks_dir()}",
               "--MappingKernelManager.default_kernel_name=smartcity", *args.lab_args]
    return subprocess.call(command, env=dict(os.environ))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smartcity",
        description="Smart-city workbook suite: validate data, run the workbooks, make samples.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the workbooks through papermill")
    run.add_argument("--params", default=None,
                     help="parameters file (default: params/default.yaml)")
    run.add_argument("--data", default=None, help="data folder (overrides data_dir)")
    run.add_argument("--out", default=None, help="output folder (overrides out_dir)")
    run.add_argument("--lang", choices=["id", "en"], default=None, help="report language")
    run.add_argument("--year", type=int, default=None,
                     help="the evaluation year (overrides year)")
    run.add_argument("--city", default=None, help="the city's name in the reports (overrides city)")
    run.add_argument("--pdf", action="store_true",
                     help="also print each agency report and the index to PDF (headless "
                          "Chromium)")
    run.add_argument("--agencies", default="all",
                     help="agency codes for the agency reports, comma-separated, or 'all'")
    run.add_argument("--workers", type=int, default=None,
                     help="notebooks run at once (default: CPU cores)")
    run.add_argument("--executor", choices=["local", "dask"], default="local",
                     help="local process pool, or a Dask LocalCluster")
    run.add_argument("--scheduler", default=None,
                     help="address of a running Dask scheduler (tcp://HOST:PORT)")
    run.add_argument("--timeout", type=float, default=None,
                     help="wall-clock limit per notebook in seconds (default: notebook_timeout)")
    run.add_argument("--force", action="store_true", help="rerun notebooks that are up to date")
    run.add_argument("--notebooks", default=None,
                     help="folder of the workbooks to run (default: the project's notebooks/)")
    run.set_defaults(func=_run)

    validate = sub.add_parser("validate", help="check data files; one line per problem")
    validate.add_argument("paths", nargs="+", help="CSV/XLSX files or folders of them")
    validate.add_argument("--format", choices=["text", "json"], default="text")
    validate.set_defaults(func=_validate)

    template = sub.add_parser("template", help="write one collection workbook (.xlsx) per agency")
    template.add_argument("--out", required=True, help="folder to write the templates into")
    template.add_argument("--data", default=None,
                          help="data folder of last round: pre-fills each agency's rows")
    template.add_argument("--agencies", default="all",
                          help="agency codes, comma-separated, or 'all' (needs --data)")
    template.add_argument("--year", type=int, default=None,
                          help="the year collected (default: the year after the data's latest)")
    template.add_argument("--readiness", action="store_true",
                          help="write only the Stage II readiness file the technical team fills "
                               "in, into the data folder given as --out (needs --year)")
    template.add_argument("--weights", action="store_true",
                          help="write only the AHP pairwise-comparison forms of the Quick Win "
                               "criteria, one per technical team member (needs --members)")
    template.add_argument("--members", type=int, default=None,
                          help="with --weights: the number of members (forms numbered 01..N)")
    template.add_argument("--criteria", default=None,
                          help="with --weights: the criteria file (default: the run "
                               "parameters' quick_win_criteria_file)")
    template.set_defaults(func=_template)

    weights = sub.add_parser("weights", help="read the returned AHP forms of a folder: each "
                                             "member's consistency, the team's weights and "
                                             "agreement, a new criteria file version")
    weights.add_argument("folder", help="folder of the returned forms (.xlsx)")
    weights.add_argument("--criteria", default=None,
                         help="the criteria file the forms were written for (default: the run "
                              "parameters' quick_win_criteria_file)")
    weights.add_argument("--out", default=None,
                         help="the new criteria file to write (not written when any form has "
                              "a problem)")
    weights.add_argument("--version", default=None,
                         help="its version (default: the old version + '-tim-' + today)")
    weights.add_argument("--leave-out-inconsistent", action="store_true",
                         help="leave members above the consistency ratio threshold (0.1) out "
                              "of the team's weights (default: kept and flagged)")
    weights.add_argument("--lang", choices=["id", "en"], default="id", help="output language")
    weights.set_defaults(func=_weights)

    record = sub.add_parser("record", help="write the decision record (berita acara) of a "
                                           "run's Quick Win selection, to print and sign")
    record.add_argument("--out", required=True, help="the output folder of a finished run")
    record.add_argument("--lang", choices=["id", "en"], help="record language (default: the run's)")
    record.add_argument("--pdf", action="store_true",
                        help="also print it on A4 to PDF beside the page (headless Chromium)")
    record.set_defaults(func=_record)

    meeting = sub.add_parser("meeting", help="serve a run's live Quick Win meeting view here")
    meeting.add_argument("--out", default="outputs", help="the output folder of a finished run")
    meeting.add_argument("--port", type=int, default=5006, help="local port (default 5006)")
    meeting.add_argument("--lang", choices=["id", "en"], help="page language (default: the run's)")
    meeting.add_argument("--save-to", help="folder of saved weight sets (default: params/)")
    meeting.set_defaults(func=_meeting)

    suggest = sub.add_parser("suggest", help="copy the data as canonical CSVs with every empty "
                                             "dimension, sub-dimension, tahapan and jenis "
                                             "filled by a marked suggestion")
    suggest.add_argument("data_dir", help="data folder to read (never changed)")
    suggest.add_argument("--out", required=True, help="folder to write the filled copy into")
    suggest.set_defaults(func=_suggest)

    sample = sub.add_parser("sample", help="write synthetic sample data")
    sample.add_argument("--out", required=True, help="folder to write into")
    sample.add_argument("--agencies", type=int, default=None, help="number of agencies")
    sample.add_argument("--innovations", type=int, default=None, help="number of innovations")
    sample.add_argument("--seed", type=int, default=20240605)
    sample.set_defaults(func=_sample)

    iid = sub.add_parser("iid", help="the regional innovation index (Indeks Inovasi Daerah) of "
                                     "a table of indicator scores, and what raises it most")
    iid.add_argument("file", help="CSV/XLSX: a 'pemda' row with indicators 1-15, one row per "
                                  "reported innovation with its status and indicators 16-35")
    iid.add_argument("--rulebook", default=None,
                     help="IID rulebook (default: the latest params/rulebooks/iid_<year>.yaml)")
    iid.add_argument("--lang", choices=["id", "en"], default="id", help="output language")
    iid.set_defaults(func=_iid)

    survey = sub.add_parser("survey", help="impact survey: choose the programmes and plan the "
                                           "respondents, write the forms to send, check the "
                                           "forms that come back")
    steps = survey.add_subparsers(dest="survey_command", required=True)
    plan = steps.add_parser("plan", help="choose one programme per sub-dimension and plan the "
                                         "forms: a workbook for the coordinator, CSV and JSON")
    plan.add_argument("--data", required=True, help="data folder with the innovation registry")
    plan.add_argument("--out", required=True, help="folder to write the plan into")
    plan.add_argument("--year", type=int, default=None,
                      help="the registry year surveyed (default: the registry's latest)")
    plan.add_argument("--rules", default=None,
                      help="survey rules file (default: params/impact_survey.yaml)")
    plan.add_argument("--city", default=None,
                      help="the city's name on the plan and forms (default: the parameters')")
    plan.add_argument("--lang", choices=["id", "en"], default="id", help="language of the plan")
    plan.set_defaults(func=_survey_plan)
    forms = steps.add_parser("forms", help="write one Excel form per form of the plan")
    forms.add_argument("--plan", required=True,
                       help="the folder `smartcity survey plan` wrote (or its survey_plan.json)")
    forms.add_argument("--out", required=True, help="folder to write the forms into")
    forms.add_argument("--questionnaire", default=None,
                       help="questionnaire file (default: params/impact_questionnaire.yaml)")
    forms.add_argument("--lang", choices=["id", "en"], default="id", help="language of the forms")
    forms.set_defaults(func=_survey_forms)
    check = steps.add_parser("check", help="read the returned forms against their plan: every "
                                           "problem by file, sheet, row and column, and the "
                                           "scores (exit 1 when a problem blocks scoring)")
    check.add_argument("folder", help="the folder of returned forms with survey_plan.json, or "
                                      "a data folder holding them in survei-dampak/")
    check.add_argument("--questionnaire", default=None,
                       help="questionnaire file (default: params/impact_questionnaire.yaml)")
    check.add_argument("--lang", choices=["id", "en"], default="id", help="output language")
    check.set_defaults(func=_survey_check)

    lab = sub.add_parser("lab", help="open JupyterLab on the notebooks with the project kernel "
                                     "(other options are passed on to jupyter lab)")
    lab.add_argument("--lang", choices=["id", "en"], default=None,
                     help="first make the notebooks show this language, the other language's "
                          "explanations collapsed (kept in the notebooks until switched again)")
    lab.add_argument("--switch-only", action="store_true",
                     help="with --lang: switch the notebooks' language and do not start "
                          "JupyterLab")
    lab.set_defaults(func=_lab)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "lab":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.lab_args = extra
    out = getattr(args, "out", None)  # the folder the command writes into, when it names one
    try:
        with device_failures_said(out, out) if out else nullcontext():
            return args.func(args)
    except RunInterrupted as exc:
        print(f"smartcity {args.command}: {exc}", file=sys.stderr)
        return 128 + exc.signal_number
    except SmartCityError as exc:
        print(f"smartcity {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"smartcity {args.command}: interrupted; a rerun continues where this one stopped",
              file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`smartcity validate data | head`): not an error of ours.
        # Point stdout at devnull so that the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        if exc.filename is None:
            raise  # not about a path the user gave: a bug, keep its traceback
        print(f"smartcity {args.command}: cannot use {exc.filename}: {exc.strerror}",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
