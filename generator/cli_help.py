"""What ``briefing --help`` and each ``briefing COMMAND --help`` say: written for the
analysts and editors who run them, kept here rather than taken from docstrings (which
are written for whoever reads the code).

Each command has a one-line summary (the list in ``briefing --help``) and a description
with examples (its own ``--help``).

>>> COMMANDS["validate"].summary
'check entries and the taxonomy; print each problem with its file and line'
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Help:
    summary: str
    description: str


PROGRAM = """\
Write and check the entries of the regional risk briefing: one YAML file per article
under content/articles/<year>/, regions and themes in content/taxonomy.yaml.
The site itself is built with `mkdocs build` and previewed with `mkdocs serve`.

Run `briefing COMMAND --help` for what a command does, with examples."""

COMMANDS = {
    "validate": Help(
        "check entries and the taxonomy; print each problem with its file and line",
        """\
Check every entry under content/articles/ and content/taxonomy.yaml, or only the files
and folders you name (checked against the rest of the content, so related ids and
duplicate ids are judged against the real site). Each problem is one line:

  path:line:column: field: what is wrong and what to write [code]

The exit code is 0 when there is no problem, 1 when there is any, 2 for a mistake in
the command itself. Entries dated after today (or the day of SOURCE_DATE_EPOCH) are
valid but scheduled: the published site holds them back until their date, and this
command says which they are.

Examples:
  briefing validate
  briefing validate content/articles/2026/my-entry.yaml
  briefing validate --format github content/articles/""",
    ),
    "schema": Help(
        "print or write the JSON Schema of an entry or an assessment (for editors that check YAML)",
        """\
Print the JSON Schema of an entry (or, with --assessment, of an assessment; with
--taxonomy, of content/taxonomy.yaml). Editors with the YAML language server use
schema/article.schema.json and schema/assessment.schema.json to check a file as it is
typed; regenerate them after changing the content format.

Examples:
  briefing schema
  briefing schema -o schema/article.schema.json --force
  briefing schema --assessment -o schema/assessment.schema.json --force""",
    ),
    "new": Help(
        "start an entry (or an assessment): a commented skeleton at its conventional path",
        """\
Write a skeleton entry with every field and a comment saying what it holds, at
content/articles/<year>/<id>.yaml; the id comes from the headline unless you give one,
and must not be used by any other entry, in any year. In a terminal it asks for what
you left out. It never replaces a file unless you pass --force.

With --assessment it starts an assessment of one region instead, at
content/assessments/<year>/<region>-<date>.yaml.

Examples:
  briefing new --headline "Pakistan Reports 145 Militants Killed ..." \\
      --date 2026-02-01 --region pk-ba --theme insurgency
  briefing new --id my-entry --kind brief
  briefing new --assessment --region pk-ba --date 2026-02-01""",
    ),
    "import": Help(
        "turn an article's plain text into an entry, proposals marked REVIEW",
        """\
Read an article as plain text (section and dateline, headline, dek, "By ...", lede,
"Key Points", body, "Context and next steps", "Risks", "More from ...") and write an
entry with every sentence in its field. What import can only propose (casualty figures
and who gave them, regions and themes) carries a REVIEW comment: check each against the
text, then delete the comment.

Without -o the entry is printed. With -o FOLDER it is written there, named after its
id (from the headline); with -o FILE the file's name is its id. It never replaces a
file unless you pass --force, and never writes an id another entry uses.

Examples:
  briefing import article.txt -o content/articles/2026/
  briefing import article.txt -o content/articles/2026/my-entry.yaml
  briefing import article.txt > draft.yaml""",
    ),
    "reference": Help(
        "print the field reference, or update the copy in CONTRIBUTING.md",
        """\
Print what each field of an entry holds (made from the content format itself), or
update or check the copy between the markers in CONTRIBUTING.md.

Examples:
  briefing reference
  briefing reference --update CONTRIBUTING.md
  briefing reference --check CONTRIBUTING.md""",
    ),
    "export-markdown": Help(
        "write the built pages as plain MkDocs files that build without this plugin",
        """\
Write every generated page, chart, feed and data file into OUT_DIR/docs/, with an
mkdocs.yml that builds the same pages with plain MkDocs and Material: to see what an
entry became, as a baseline for benchmarks, or as a way out.

Examples:
  briefing export-markdown /tmp/plain && (cd /tmp/plain && mkdocs build)""",
    ),
}


def add_parser(sub: Any, name: str) -> argparse.ArgumentParser:
    """The subcommand ``name`` with its summary, description and examples."""
    text = COMMANDS[name]
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=text.summary,
        description=text.description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser
