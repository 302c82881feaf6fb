"""The authoring commands: ``briefing new``, ``briefing import`` and ``briefing reference``.

Arguments and messages only; the work is in :mod:`generator.authoring.scaffold`,
:mod:`generator.authoring.importer` and :mod:`generator.reference`. Exit codes as in ``cli``:
0 done, 1 a problem with a file (unreadable article, existing file, broken taxonomy),
2 a mistake in how the command was called. Nothing is overwritten without ``--force``,
and ``new`` asks for what is missing only when stdin is a terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .. import cli_help
from ..content.model import Taxonomy
from ..errors import ContentErrors

# The stages are imported inside each command, so `briefing validate` (run on every
# commit by the pre-commit hook) does not pay for loading the importer and the templates.

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Stop(Exception):
    """End the command with ``code`` after printing ``message`` to stderr."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def _error(message: str, code: int = 1) -> _Stop:
    return _Stop(message, code)


def _handler(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return fn(args)
        except _Stop as stop:
            print(f"briefing: error: {stop}", file=sys.stderr)
            return stop.code
        except ContentErrors as exc:
            print(exc.report(), file=sys.stderr)
            return 1

    run.__doc__ = fn.__doc__
    return run


def _content(args: argparse.Namespace) -> Path:
    content = Path(args.content)
    if not content.is_dir():
        raise _error(
            f"no content folder at {content} (run in the project folder or pass --content)", 2
        )
    return content


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _ids(values: Sequence[str] | None) -> list[str]:
    """``--region pk-ba --region quetta`` or ``--region pk-ba,quetta``."""
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def _ask(prompt: str, default: str = "") -> str:
    shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
    try:
        return input(shown).strip() or default
    except EOFError:
        return default


def _write(path: Path, text: str, force: bool) -> None:
    from .scaffold import FileExists, write_new

    try:
        write_new(path, text, force)
    except FileExists:
        raise _error(f"{path} exists; not overwriting it (pass --force to replace it)") from None


@_handler
def cmd_new(args: argparse.Namespace) -> int:
    """Start an entry: a skeleton with every field and its comment, at the conventional path."""
    from .scaffold import (
        NewEntry,
        check_terms,
        entry_path,
        id_in_use,
        load_taxonomy,
        open_fields,
        render_new,
    )

    content = _content(args)
    taxonomy = load_taxonomy(content)
    if args.assessment:
        return _new_assessment(args, content, taxonomy)
    asking = sys.stdin.isatty()
    entry = NewEntry(
        headline=args.headline,
        date=args.date,
        section=args.section,
        kind=args.kind,
        regions=_ids(args.region),
        themes=_ids(args.theme),
        id=args.id,
    )
    if asking:
        entry.headline = entry.headline or _ask("Headline") or None
        while entry.date is None:
            try:
                entry.date = _date(_ask("Date (YYYY-MM-DD)", dt.date.today().isoformat()))
            except argparse.ArgumentTypeError as exc:
                print(exc, file=sys.stderr)
        entry.section = entry.section or _ask("Section (e.g. World)") or None
        for name, known in (("regions", taxonomy.regions), ("themes", taxonomy.themes)):
            while not getattr(entry, name):
                answer = _ids([_ask(f"{name.capitalize()} ({', '.join(known)}), comma-separated")])
                if not answer:
                    break
                problems = check_terms(answer, list(known), name[:-1])
                if problems:
                    print("\n".join(problems), file=sys.stderr)
                else:
                    setattr(entry, name, answer)
    entry.date = entry.date or dt.date.today()
    problems = check_terms(entry.regions, list(taxonomy.regions), "region")
    problems += check_terms(entry.themes, list(taxonomy.themes), "theme")
    if problems:
        raise _error("; ".join(problems), 2)
    if entry.id and not _SLUG.match(entry.id):
        raise _error(f"--id {entry.id!r}: use lowercase letters, digits and single hyphens", 2)
    if not entry.entry_id and entry.headline:
        raise _error(
            f"the headline {entry.headline!r} has no letter or digit an id can be made of "
            "(a-z, 0-9): pass --id, e.g. --id my-entry",
            2,
        )
    if not entry.entry_id:
        how = "" if asking else " (stdin is not a terminal, so briefing new does not ask)"
        raise _error(f"a headline is needed to name the file: pass --headline or --id{how}", 2)
    path = entry_path(content, entry.date, entry.entry_id)
    other = id_in_use(content, entry.entry_id, path)
    if other is not None:
        raise _error(
            f"the id {entry.entry_id!r} is already used by {other} (an id names one entry in "
            "all years): choose another with --id"
        )
    text = render_new(entry, taxonomy)
    _write(path, text, args.force)
    print(f"wrote {path}")
    still = open_fields(text)
    todo = f"fill in {', '.join(still)}, then " if still else ""
    print(f"next: {todo}run `briefing validate`, and preview with `mkdocs serve`")
    return 0


def _new_assessment(args: argparse.Namespace, content: Path, taxonomy: Taxonomy) -> int:
    """``briefing new --assessment --region ID [--date DAY]``."""
    from .assessment_scaffold import assessment_path, render_new_assessment
    from .scaffold import check_terms

    regions = _ids(args.region)
    if len(regions) != 1:
        raise _error(
            "an assessment is of one region: pass --region ID once, e.g. --region pk-ba", 2
        )
    problems = check_terms(regions, list(taxonomy.regions), "region")
    if problems:
        raise _error("; ".join(problems), 2)
    unused = [f"--{n}" for n in ("headline", "section", "theme", "id") if getattr(args, n)]
    if unused:
        raise _error(f"{', '.join(unused)}: not fields of an assessment", 2)
    as_of = args.date or dt.date.today()
    path = assessment_path(content, regions[0], as_of)
    _write(path, render_new_assessment(regions[0], as_of, taxonomy), args.force)
    print(f"wrote {path}")
    print(
        "next: fill in level, trend, headline, summary and author (and any alert, evidence "
        "and judgements), then run `briefing validate`, and preview with `mkdocs serve`"
    )
    return 0


@_handler
def cmd_import(args: argparse.Namespace) -> int:
    """Turn an article's plain text into an entry; proposals are marked REVIEW."""
    from .article_text import UnreadableText
    from .importer import import_text
    from .scaffold import id_in_use, load_taxonomy
    from .terms import existing_entries

    content = _content(args)
    if args.id and not _SLUG.match(args.id):
        raise _error(f"--id {args.id!r}: use lowercase letters, digits and single hyphens", 2)
    out = Path(args.output) if args.output else None
    folder = out is not None and (out.is_dir() or args.output.endswith(("/", "\\")))
    entry_id = args.id
    if out is not None and not folder:
        entry_id = _id_from_file(out, args.id)
    source = Path(args.article)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise _error(f"cannot read {source}: {exc.strerror or exc}") from None
    taxonomy = load_taxonomy(content)
    try:
        result = import_text(raw, str(source), taxonomy, existing_entries(content), entry_id)
    except UnreadableText as exc:
        raise _error(str(exc)) from None
    if out is not None and folder:
        out = out / f"{result.id}.yaml"
    other = id_in_use(content, result.id, out)
    if other is not None and out is not None:
        how = "pass --id, or -o a file named after another id"
        if result.same_as:  # it is the entry with this headline: replace it, if that is meant
            how = f"to replace that entry, pass -o {other} --force; for a new one, {how}"
        raise _error(
            f"the id {result.id!r} is already used by {other} (an id names one entry in all "
            f"years): {how}"
        )
    if other is not None:
        print(f"note: the id {result.id!r} is already used by {other}", file=sys.stderr)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if out is None:
        sys.stdout.buffer.write(result.text.encode("utf-8"))
        sys.stdout.flush()
    else:
        _write(out, result.text, args.force)
        print(f"wrote {out}", file=sys.stderr)
    _report(result.data, result.reviews, result.text, out, result.id, content)
    return 0


def _id_from_file(out: Path, given: str | None) -> str:
    """The id an entry written to ``out`` must have: the file's name (``x.yaml`` -> ``x``)."""
    if not out.name.endswith((".yaml", ".yml")):
        raise _error(f"-o {out}: an entry file's name ends in .yaml", 2)
    if not _SLUG.match(out.stem):
        raise _error(
            f"-o {out}: an entry's file is named after its id, which is lowercase letters, "
            "digits and single hyphens: rename it, e.g. my-entry.yaml",
            2,
        )
    if given and given != out.stem:
        raise _error(
            f"--id {given!r} disagrees with -o {out}: an entry's file is named after its id; "
            f"leave out --id, or write to {out.with_name(given + out.suffix)}",
            2,
        )
    return out.stem


def _report(
    data: dict[str, Any], reviews: int, text: str, out: Path | None, eid: str, content: Path
) -> None:
    from ..content.load import load_text
    from ..content.validate import validate_article

    body = data.get("body", [])
    quotes = sum(isinstance(b, dict) for b in body)
    counts = [
        f"{len(data.get('key_points', []))} key points",
        f"{len(body) - quotes} paragraphs and {quotes} quote{'s' if quotes != 1 else ''}",
        f"{len(data.get('context', []))} context paragraphs",
        f"{len(data.get('risks', []))} risks",
        f"{len(data.get('casualties', []))} casualty figures",
        f"{len(data.get('related', []))} related stories",
    ]
    print(f"imported: {', '.join(counts)}; {reviews} REVIEW comments to check", file=sys.stderr)
    display = str(out) if out is not None else f"{eid}.yaml"
    _, errors = validate_article(load_text(text, display))
    for err in errors:
        if err.code == "briefing.id-filename":
            continue  # said below: where to save it
        print(f"not valid yet: {err}", file=sys.stderr)
    year = data["date"].year if isinstance(data.get("date"), dt.date) else "<yyyy>"
    articles = (content / "articles").resolve()
    if out is None or articles not in out.resolve().parents:
        print(f"next: save it as content/articles/{year}/{eid}.yaml", file=sys.stderr)


@_handler
def cmd_reference(args: argparse.Namespace) -> int:
    """Print the field reference (from the schema), or update/check CONTRIBUTING.md's copy."""
    from ..reference import REGENERATE, MarkersMissing, render_reference, update_block

    target = args.update or args.check
    if target is None:
        sys.stdout.write(render_reference())
        return 0
    path = Path(target)
    try:
        text = path.read_text(encoding="utf-8")
        new = update_block(text)
    except OSError as exc:
        raise _error(f"cannot read {path}: {exc.strerror or exc}") from None
    except MarkersMissing as exc:
        raise _error(f"{path}: {exc}") from None
    if new == text:
        print(f"{path}: the field reference is up to date", file=sys.stderr)
        return 0
    if args.check:
        raise _error(f"{path}: the field reference is out of date; run `{REGENERATE}`")
    path.write_text(new, encoding="utf-8")
    print(f"{path}: field reference updated", file=sys.stderr)
    return 0


def add_commands(sub: Any) -> None:
    """Register ``new``, ``import`` and ``reference`` on the ``briefing`` subparsers."""
    p = cli_help.add_parser(sub, "new")
    p.add_argument("--headline", help="the headline; the id and file name come from it")
    p.add_argument("--date", type=_date, help="publication date YYYY-MM-DD (default: today)")
    p.add_argument("--section", help="section of the briefing, e.g. World")
    p.add_argument("--region", action="append", metavar="ID", help="region id (repeat or a,b)")
    p.add_argument("--theme", action="append", metavar="ID", help="theme id (repeat or a,b)")
    p.add_argument("--kind", choices=("article", "brief"), default="article")
    p.add_argument("--id", help="the entry id (default: from the headline)")
    p.add_argument(
        "--assessment",
        action="store_true",
        help="an assessment of one --region as of --date, not an article",
    )
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.add_argument("--content", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_new)
    p = cli_help.add_parser(sub, "import")
    p.add_argument("article", metavar="ARTICLE.txt", help="the article as plain text")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="a folder (the file is named after the id), or the entry's file (its name is "
        "the id); default: print the entry",
    )
    p.add_argument("--id", help="the entry id (default: from the headline, or -o FILE's name)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.add_argument("--content", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_import)
    p = cli_help.add_parser(sub, "reference")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--update", metavar="FILE", help="rewrite FILE's generated block")
    group.add_argument("--check", metavar="FILE", help="exit 1 if FILE's block is out of date")
    p.set_defaults(handler=cmd_reference)
