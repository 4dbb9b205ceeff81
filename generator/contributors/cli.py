"""The `peerdir` command: validate, new, schema, stale, from-issue, forms, import, check-links, docs."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator.contract.catalog import LoadResult, load_catalog
from generator.contract.problems import Problem, format_problems, printable, summary_line
from generator.kinds import KINDS
from generator.contributors.forms.outcome import OUTCOME_LABELS, READY_FOR_REVIEW
DEFAULT_ROOT = Path("directory")
SCHEMA_FOLDER = Path("schemas")
KIND_ARGUMENTS = {kind.schema: kind.folder for kind in KINDS}  # `peerdir new group` -> groups/


class UsageError(Exception):
    pass


def _selected(paths: list[Path], root: Path) -> tuple[list[Path], list[Path]]:
    """Split the given paths into ones inside the directory (filters) and extra files outside it."""
    inside, extra = [], []
    root_resolved = root.resolve()
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        resolved = path.resolve()
        if resolved == root_resolved or root_resolved in resolved.parents:
            inside.append(resolved)
        elif path.is_dir():
            extra.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()))
        else:
            extra.append(path)
    return inside, extra


def _in_selection(problem: Problem, inside: list[Path], extra: list[Path]) -> bool:
    path = Path(problem.path).resolve()
    if any(path == e.resolve() for e in extra):
        return True
    return any(path == s or s in path.parents for s in inside)


def cmd_validate(args: argparse.Namespace) -> int:
    root: Path = args.root
    inside, extra = _selected(args.paths, root) if args.paths else ([], [])
    result = None
    if inside and not extra and all(path.is_file() for path in inside):
        # Files being edited: checked against an index of the rest (generator/contract/file_check.py).
        from generator.contract.file_check import check_files

        result = check_files(root, inside, today=args.today)
    if result is None:
        result = load_catalog(root, extra_files=extra, today=args.today)
    problems = result.problems
    if args.paths:
        problems = [p for p in problems if _in_selection(p, inside, extra) or p.line == 1 and "vocabular" in p.path]
    if args.format == "json":
        print(format_problems(problems, "json"))
    else:
        if problems:
            print(format_problems(problems, args.format))
        print(summary_line(problems, result.files_checked))
    return 1 if any(p.severity == "error" for p in problems) else 0


def cmd_new(args: argparse.Namespace) -> int:
    from generator.contributors.scaffold import scaffold

    folder = KIND_ARGUMENTS[args.kind]
    listing_id = args.id or f"new-{args.kind}"
    from generator.contract.fields import KEBAB_ID

    if not KEBAB_ID.match(listing_id):
        raise UsageError(f"'{listing_id}' is not a valid id: use lower-case letters and digits joined by hyphens")
    vocabularies = _vocabularies(args.root)
    target = args.root / folder / f"{listing_id}.yml"
    if target.exists():
        raise UsageError(f"{target} already exists; choose another --id")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(scaffold(folder, listing_id, vocabularies), encoding="utf-8")
    print(f"Created {target}. Fill it in, then run: peerdir validate {target}")
    return 0


def _vocabularies(root: Path) -> dict:
    from generator.contract.catalog import load_vocabularies

    vocabularies, problems, _ = load_vocabularies(root)
    if problems:
        print(format_problems(problems, "text"))
        raise UsageError("fix the vocabulary files first")
    return vocabularies


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.contract.json_schema import all_schemas

    schemas = all_schemas(_vocabularies(args.root))
    out: Path = args.out
    if args.check:
        stale = [name for name, text in schemas.items() if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text]
        extra = sorted(p.name for p in out.glob("*.schema.json") if p.name not in schemas) if out.is_dir() else []
        for name in stale + extra:
            print(f"{out / name}: differs from the models; run 'peerdir schema' and commit the result")
        return 1 if stale or extra else 0
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schemas.items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"Wrote {len(schemas)} schemas to {out}/")
    return 0


def cmd_stale(args: argparse.Namespace) -> int:
    from generator.contract.staleness import review_ages

    if args.warn_months > args.fail_months:
        raise UsageError(f"--warn-months ({args.warn_months}) may not be greater than --fail-months ({args.fail_months})")
    if args.warn_months < 1:
        raise UsageError("--warn-months must be at least 1")
    result: LoadResult = load_catalog(args.root)
    if result.catalog is None:
        print(format_problems(result.problems, "text"))
        print("The directory has errors; run 'peerdir validate' and fix them first.")
        return 1
    today = args.today or dt.date.today()
    ages = review_ages(result.catalog, today, args.warn_months, args.fail_months)
    due = [a for a in ages if a.level != "ok"]
    for age in due:
        verdict = "overdue for review" if age.level == "fail" else f"due for review soon (overdue at {args.fail_months} months)"
        print(f"{age.path}:{age.line}: last_reviewed: {age.last_reviewed.isoformat()} is {age.months} months ago; {verdict}")
    failing = sum(1 for a in due if a.level == "fail")
    print(f"{len(ages)} files reviewed: {failing} overdue ({args.fail_months} months or more), "
          f"{len(due) - failing} due soon ({args.warn_months} to {args.fail_months - 1} months).")
    return 1 if failing else 0


def cmd_from_issue(args: argparse.Namespace) -> int:
    from generator.contributors.forms.check import check_conversion, directory_view, targets
    from generator.contributors.forms.comment import comment, form_errors, outcome
    from generator.contributors.forms.convert import convert
    from generator.contributors.forms.listing_text import diff
    from generator.contributors.forms.parse import load_forms

    body = sys.stdin.read() if str(args.file) == "-" else args.file.read_text(encoding="utf-8")
    forms = load_forms(args.forms)
    if not forms:
        raise UsageError(f"no issue forms found in {args.forms}")
    conversion = convert(body, forms, _vocabularies(args.root), today=args.today or dt.date.today(),
                         reviewed_by=args.reviewed_by, directory=directory_view(args.root), form_file=args.form)
    problems: list[Problem] = []
    if conversion.text:  # with answer errors too, so that every problem is reported at once
        problems = check_conversion(conversion, args.root)
        for path, _ in targets(conversion, args.root)[: 1 if conversion.action == "update" else None]:
            if conversion.action == "create" and path.exists():
                problems.insert(0, Problem(str(path), 1, "id", f"there is already a listing '{path.stem}'; if it is the same, use the "
                                                               "update form, otherwise choose another short id"))
    label = outcome(conversion, problems)
    if args.comment:
        args.comment.write_text(comment(conversion, problems), encoding="utf-8")
    if args.label:
        args.label.write_text(label + "\n", encoding="utf-8")
    errors = conversion.errors + form_errors(conversion, problems)
    for error in errors:
        print(printable(error.text()))
    for warning in form_errors(conversion, problems, "warning"):
        print(printable("warning: " + warning.text()))
    notes = [printable(f"note: {note}") for note in conversion.notes + conversion.told]
    notes += [printable(f"read: {r.question}: '{r.written}' as {r.read_as}") for r in conversion.readings]
    if errors:
        print("\n".join(notes + [f"Not written ({label}): the answers above need a change in the issue."]))
        return 1
    if conversion.action == "none" or label != READY_FOR_REVIEW:
        print("\n".join(notes + [f"Nothing written ({label})."]))
        return 0
    files = targets(conversion, args.root)
    for path, text in files:
        if args.dry_run:
            print(text if conversion.action == "create" or path != files[0][0] else diff(conversion), end="")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if conversion.action == "update" and not args.dry_run:
        print(diff(conversion), end="")
    print("\n".join(notes + [f"{'Would write' if args.dry_run else 'Wrote'} {path}" for path, _ in files]))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from generator.contributors.importers.common import SourceError
    from generator.contributors.importers.run import run_import

    try:
        report = run_import(args.format, args.source, args.into, update=args.update, defaults=args.defaults,
                            timezone=args.timezone, today=args.today)
    except SourceError as error:
        raise UsageError(str(error)) from None
    print("\n".join(report.lines()))
    return 1 if report.problems or report.count("not_mapped") else 0


def cmd_check_links(args: argparse.Namespace) -> int:
    from generator.contributors.link_check import check_targets, load_allowlist, targets_from_catalog

    result = load_catalog(args.root)
    if result.catalog is None:
        print(format_problems(result.problems, "text"))
        print("The directory has errors; run 'peerdir validate' and fix them first.")
        return 1
    targets = targets_from_catalog(result.catalog)
    if args.paths:
        wanted = {p.resolve() for p in args.paths}
        targets = [t for t in targets if any(Path(t.path).resolve() == w or w in Path(t.path).resolve().parents for w in wanted)]
    report = check_targets(targets, allowlist=load_allowlist(args.allowlist), cache_path=None if args.no_cache else args.cache,
                           max_age_hours=args.max_age_hours, concurrency=args.concurrency, timeout=args.timeout)
    if report.problems:
        print(format_problems(report.problems, args.format))
    warnings = len(report.problems) - report.broken
    print(f"{len({t.url for t in targets})} links: {report.checked} checked, {report.cached} from the cache, "
          f"{report.skipped} allow-listed; {report.broken} broken, {warnings} to look at.")
    return 1 if report.broken else 0


def cmd_docs(args: argparse.Namespace) -> int:
    from generator.contributors.field_docs import current_section, field_reference, replace_section

    generated = field_reference(_vocabularies(args.root))
    text = args.file.read_text(encoding="utf-8")
    try:
        if args.check:
            if current_section(text) != generated:
                print(f"{args.file}: the field reference differs from the models; run 'peerdir docs' and commit the result")
                return 1
            return 0
        updated = replace_section(text, generated)
    except ValueError as error:
        raise UsageError(f"{args.file}: {error}") from None
    if updated != text:
        args.file.write_text(updated, encoding="utf-8")
        print(f"Updated the field reference in {args.file}")
    return 0


def cmd_forms(args: argparse.Namespace) -> int:
    from generator.contributors.forms.options import generated_form
    from generator.contributors.forms.parse import FORM_ACTIONS

    vocabularies = _vocabularies(args.root)
    paths = [args.forms / name for name in sorted(FORM_ACTIONS) if (args.forms / name).is_file()]
    if not paths:
        raise UsageError(f"no issue forms found in {args.forms}")
    stale = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        generated = generated_form(path.name, text, vocabularies)
        if generated == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(generated, encoding="utf-8")
            print(f"Updated {path}")
    if args.check:
        for path in stale:
            print(f"{path}: its choices differ from directory/vocabularies/; run 'peerdir forms' and commit the result")
        return 1 if stale else 0
    return 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date YYYY-MM-DD") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 without a traceback
        self.print_usage(sys.stderr)
        print(f"peerdir: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="peerdir", description="Check and manage the Peer Support Directory's listings.")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="the directory folder (default: directory)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = commands.add_parser("validate", help="check listing files and print every problem")
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the whole directory)")
    validate.add_argument("--format", choices=("text", "github", "json"), default="text",
                          help="text (path:line: field: message), github (annotations on a pull request) or json")
    validate.add_argument("--today", type=_date, help=argparse.SUPPRESS)
    validate.set_defaults(run=cmd_validate)

    new = commands.add_parser("new", help="create a listing file to fill in")
    new.add_argument("kind", choices=sorted(KIND_ARGUMENTS), help="what the file lists: " + ", ".join(sorted(KIND_ARGUMENTS)))
    new.add_argument("--id", help="the listing id, e.g. grief-circle-leeds")
    new.set_defaults(run=cmd_new)

    schema = commands.add_parser("schema", help="write the JSON Schemas of the listing files")
    schema.add_argument("--out", type=Path, default=SCHEMA_FOLDER, help="the folder to write them to (default: schemas)")
    schema.add_argument("--check", action="store_true", help="only check that the committed schemas are current")
    schema.set_defaults(run=cmd_schema)

    stale = commands.add_parser("stale", help="list listings by how long ago they were reviewed")
    stale.add_argument("--warn-months", type=int, default=6, help="list a listing as due soon from this many months after its review (default: 6)")
    stale.add_argument("--fail-months", type=int, default=12, help="call it overdue, and exit with status 1, from this many months (default: 12)")
    stale.add_argument("--today", type=_date, help=argparse.SUPPRESS)
    stale.set_defaults(run=cmd_stale)

    from_issue = commands.add_parser(
        "from-issue", help="turn a submitted issue form into a listing file (written only if valid)",
        description="Read an issue form's body as GitHub renders it and write the listing (or the change) if it is valid. "
                    "Problems name the form's questions. Exit status: 0 written or nothing to write, 1 answers to change, 2 usage.")
    from_issue.add_argument("file", type=Path, help="the issue body as GitHub renders it, or - for standard input")
    from_issue.add_argument("--forms", type=Path, default=Path(".github/ISSUE_TEMPLATE"), help="the issue forms (default: .github/ISSUE_TEMPLATE)")
    from_issue.add_argument("--form", help="the form file name, e.g. add-group.yml (default: found from the body)")
    from_issue.add_argument("--reviewed-by", default="issue-form", help="who submitted it, for reviewed_by (the GitHub user name)")
    from_issue.add_argument("--comment", type=Path, help="write the comment for the issue (Markdown) to this file")
    from_issue.add_argument("--label", type=Path, help="write the issue's outcome label to this file: " + ", ".join(OUTCOME_LABELS))
    from_issue.add_argument("--dry-run", action="store_true", help="print the file (or the change) instead of writing it")
    from_issue.add_argument("--today", type=_date, help=argparse.SUPPRESS)
    from_issue.set_defaults(run=cmd_from_issue)

    forms = commands.add_parser("forms", help="regenerate the issue forms' choices from directory/vocabularies/")
    forms.add_argument("--forms", type=Path, default=Path(".github/ISSUE_TEMPLATE"), help="the issue forms (default: .github/ISSUE_TEMPLATE)")
    forms.add_argument("--check", action="store_true", help="only check that they are current")
    forms.set_defaults(run=cmd_forms)

    importer = commands.add_parser("import", help="write listings from another directory's data (one file per record)",
                                   description="Write one listing file per record of SOURCE into FOLDER/<kind>/, each checked as "
                                               "'peerdir validate' checks it. Likely duplicates of listings already there are skipped; "
                                               "records that cannot be mapped are listed with where and why. Exit status: 0 all "
                                               "mapped, 1 some not mapped, 2 the source or folder could not be read.")
    importer.add_argument("format", choices=("meeting-guide", "hsds", "csv"),
                          help="meeting-guide (a Meeting Guide JSON feed), hsds (an HSDS 3.0 export: a folder or services.json) "
                               "or csv (the spreadsheet template, one row per listing)")
    importer.add_argument("source", help="a file or folder, or an http(s) address (meeting-guide, csv, hsds services.json)")
    importer.add_argument("--into", type=Path, default=DEFAULT_ROOT, metavar="FOLDER",
                          help="the directory folder to write into, with its vocabularies/ (default: directory)")
    importer.add_argument("--update", action="store_true", help="replace a listing file of the same id that is already there (never done without it)")
    importer.add_argument("--defaults", type=Path, metavar="FILE",
                          help="a YAML file of fields for what the source does not say (e.g. topics, facilitation, cost, joining), "
                               "applied to every record that lacks them")
    importer.add_argument("--timezone", help="meeting-guide: the IANA zone of meetings whose feed gives none, e.g. America/Chicago")
    importer.add_argument("--today", type=_date, help=argparse.SUPPRESS)
    importer.set_defaults(run=cmd_import)

    links = commands.add_parser("check-links", help="check that every web address in the listings still works")
    links.add_argument("paths", nargs="*", type=Path, help="only links in these files or folders")
    links.add_argument("--concurrency", type=int, default=8, help="addresses checked at once (default: 8)")
    links.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for one address")
    links.add_argument("--cache", type=Path, default=Path(".cache/link-check.json"), help="where results are kept between runs (default: .cache/link-check.json)")
    links.add_argument("--max-age-hours", type=float, default=24, help="reuse a working link's result for this long")
    links.add_argument("--no-cache", action="store_true", help="check every address again, ignoring and not writing the cache")
    links.add_argument("--allowlist", type=Path, default=Path(".github/link-allowlist.txt"),
                       help="address prefixes never checked, one a line (default: .github/link-allowlist.txt)")
    links.add_argument("--format", choices=("text", "github", "json"), default="text", help="text, github (annotations) or json")
    links.set_defaults(run=cmd_check_links)

    docs = commands.add_parser("docs", help="regenerate the field reference in CONTRIBUTING.md")
    docs.add_argument("--file", type=Path, default=Path("CONTRIBUTING.md"), help="the file holding the field reference (default: CONTRIBUTING.md)")
    docs.add_argument("--check", action="store_true", help="only check that it is current")
    docs.set_defaults(run=cmd_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as error:
        print(f"peerdir: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
