"""The ``briefing`` command. Thin: each subcommand parses its arguments and calls a stage.

Exit codes: 0 success, 1 content errors, 2 usage errors (argparse's own convention).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import cli_help, export
from .authoring import commands as authoring_commands
from .check import PathError, check_content
from .content.schedule import BuildDayError
from .errors import BriefingError
from .schema_export import article_schema, assessment_schema, schema_json, taxonomy_schema

Handler = Callable[[argparse.Namespace], int]


def _content_dir(args: argparse.Namespace) -> Path:
    content = Path(args.content)
    if not content.is_dir():
        raise UsageError(
            f"no content folder at {content} (run in the project folder or pass --content)"
        )
    return content


class UsageError(BriefingError):
    """A mistake in how the command was called (exit 2), not in the content."""


def cmd_validate(args: argparse.Namespace) -> int:
    """Check entries, the taxonomy and all cross-references; report every problem."""
    content = _content_dir(args)
    try:
        result = check_content(content, Path.cwd(), [Path(p) for p in args.paths])
    except (PathError, BuildDayError) as exc:
        raise UsageError(str(exc)) from None
    for err in result.errors:
        print(err.github() if args.format == "github" else str(err))
    n = len(result.errors)
    if result.scheduled:
        k = len(result.scheduled)
        print(
            f"{k} entr{'y is' if k == 1 else 'ies are'} scheduled (dated after {result.day}): "
            f"the published site holds {'it' if k == 1 else 'them'} back until "
            f"{'its' if k == 1 else 'their'} date: "
            + ", ".join(f"{source} ({date})" for source, date in result.scheduled),
            file=sys.stderr,
        )
    if args.paths and result.taxonomy_errors and not n:
        print(
            f"note: the taxonomy has {result.taxonomy_errors} problem(s), so region and "
            "theme ids were checked against its raw ids (run `briefing validate` to see them)",
            file=sys.stderr,
        )
    if n:
        print(f"{n} error{'s' if n != 1 else ''}", file=sys.stderr)
        return 1
    print(f"ok: {result.checked} file{'s' if result.checked != 1 else ''} checked", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of an entry (or of an assessment, or of the taxonomy), or write
    it with -o."""
    which = assessment_schema if args.assessment else article_schema
    text = schema_json(taxonomy_schema() if args.taxonomy else which())
    if not args.output:
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    if out.is_file() and out.read_text(encoding="utf-8") == text:
        print(f"{out} is up to date", file=sys.stderr)
        return 0
    if out.exists() and not args.force:
        raise UsageError(f"{out} exists and differs; pass --force to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description=cli_help.PROGRAM,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")
    p = cli_help.add_parser(sub, "validate")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="entries (files or folders) to check against the rest of the content; "
        "default: everything under the content folder",
    )
    p.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: one GitHub Actions annotation per problem, shown on its line",
    )
    p.set_defaults(handler=cmd_validate)
    p = cli_help.add_parser(sub, "schema")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")
    p.add_argument("--force", action="store_true", help="replace FILE if it differs")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--taxonomy", action="store_true", help="the taxonomy's schema instead")
    kind.add_argument("--assessment", action="store_true", help="an assessment's schema instead")
    p.set_defaults(handler=cmd_schema)
    authoring_commands.add_commands(sub)  # new, import, reference
    export.add_commands(sub)  # export-markdown
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except UsageError as exc:
        print(f"briefing: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `briefing validate | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
