"""The one place content problems are described.

Every problem an editor can cause is a :class:`ContentError` naming file, line, column and
field, formatted as ``path:line:col: field: message [code]`` (the MyST/Hugo convention)::

    content/articles/2026/x.yaml:14:5: casualties[1].killed: must be a whole number ≥ 0,
        got -145 [briefing.value]   (one line in real output)

Stages collect every error they find and raise :class:`ContentErrors` once at the end;
nothing swallows a problem to carry on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file. ``line``/``col`` are 1-based; 0 means the whole file."""

    path: str
    line: int
    col: int
    field: str
    message: str
    code: str = "briefing.value"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message} [{self.code}]"

    def github(self) -> str:
        """The same error as a GitHub Actions annotation (shown on the PR's line).

        >>> print(ContentError("a,b.yaml", 3, 5, "id", "bad: 100%", "briefing.x").github())
        ::error file=a%2Cb.yaml,line=3,col=5,title=briefing.x::id: bad: 100%25 [briefing.x]
        """
        msg = f"{self.field}: {self.message} [{self.code}]" if self.field else self.message
        if not self.field:
            msg += f" [{self.code}]"
        where = f",line={self.line},col={self.col}" if self.line else ""
        title = _property(self.code)
        return f"::error file={_property(self.path)}{where},title={title}::{_data(msg)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class BriefingError(Exception):
    """Base class of everything this package raises on purpose."""


class ContentErrors(BriefingError):
    """Content that cannot be published: carries every problem found, sorted."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors: Sequence[ContentError] = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.errors)
        lines = [str(e) for e in self.errors]
        lines.append(f"{n} content error{'s' if n != 1 else ''}")
        return "\n".join(lines)
