"""The ``briefing`` command. Thin: each subcommand parses its arguments and calls a stage.

Exit codes: 0 success, 1 content errors, 2 usage errors (argparse's own convention).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .build import load_site
from .errors import BriefingError, ContentErrors

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
    """Check every entry, the taxonomy and all cross-references; report every problem."""
    content = _content_dir(args)
    try:
        site = load_site(content, Path.cwd())
    except ContentErrors as exc:
        for err in exc.errors:
            print(err.github() if args.format == "github" else str(err))
        n = len(exc.errors)
        print(f"{n} error{'s' if n != 1 else ''}", file=sys.stderr)
        return 1
    print(
        f"ok: {len(site.entries)} entries, {len(site.taxonomy.regions)} regions, "
        f"{len(site.taxonomy.themes)} themes",
        file=sys.stderr,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description=__doc__.splitlines()[0])
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("validate", help=cmd_validate.__doc__)
    p.add_argument("paths", nargs="*", help="(reserved) entries to check; default: all")
    p.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: GitHub Actions annotations",
    )
    p.set_defaults(handler=cmd_validate)
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


if __name__ == "__main__":
    sys.exit(main())
