"""Open data of the assessments, as the casualty figures are (``opendata.py``: RFC 4180,
UTF-8, CRLF, formula-looking text cells prefixed with ``'``):

- ``data/assessments.csv``: one row per published assessment, newest first;
- ``data/judgements.csv``: one row per judgement, with its probability, its outcome (empty
  until known), its status (open, overdue or resolved) and its Brier score once resolved,
  exactly (``0.105625``: the track record rounds to two decimals).

>>> JUDGEMENT_COLUMNS[:3]
('judgement_id', 'region', 'assessment_as_of')
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..content.assessments import Judgement
from ..content.link import Site
from .opendata import _csv_text, csv_cell
from .reuse import NO_REUSE, Reuse
from .urls import Links

ASSESSMENTS_CSV = "data/assessments.csv"
JUDGEMENTS_CSV = "data/judgements.csv"
ASSESSMENT_COLUMNS = (
    "region",
    "region_name",
    "as_of",
    "level",
    "trend",
    "alert",
    "alert_text",
    "headline",
    "summary",
    "author",
    "evidence",
    "judgements",
    "assessment_url",
)
JUDGEMENT_COLUMNS = (
    "judgement_id",
    "region",
    "assessment_as_of",
    "assessment_url",
    "statement",
    "likelihood",
    "probability",
    "by",
    "status",
    "resolved_on",
    "happened",
    "note",
    "score",
)


def render_assessments_csv(site: Site, links: Links) -> str:
    regions = site.taxonomy.regions
    rows = [
        [
            a.region,
            csv_cell(regions[a.region].name),
            a.as_of.isoformat(),
            a.data.level,
            a.data.trend,
            a.data.alert or "",
            csv_cell(a.data.alert_text),
            csv_cell(a.data.headline),
            csv_cell(a.data.summary),
            csv_cell(a.data.author),
            ";".join(a.data.evidence),
            str(len(a.data.judgements)),
            links.page(a.src, ASSESSMENTS_CSV),
        ]
        for a in site.assessments.items
    ]
    return _csv_text([ASSESSMENT_COLUMNS, *rows])


def exact(value: Fraction) -> str:
    """A score or probability written out in full (each is a finite decimal).

    >>> exact(Fraction("0.675") ** 2)
    '0.455625'
    """
    return f"{(Decimal(value.numerator) / Decimal(value.denominator)).normalize():f}"


def _status(j: Judgement, site: Site) -> str:
    if j.outcome is not None:
        return "resolved"
    day = site.assessments.day
    return "overdue" if day is not None and j.overdue(day) else "open"


def render_judgements_csv(site: Site, links: Links) -> str:
    rows = []
    for j in site.assessments.judgements:
        a, outcome = j.assessment, j.outcome
        rows.append(
            [
                j.data.id,
                a.region,
                a.as_of.isoformat(),
                links.page(a.src, JUDGEMENTS_CSV),
                csv_cell(j.data.statement),
                j.data.likelihood,
                exact(j.probability),
                j.data.by.isoformat(),
                _status(j, site),
                outcome.resolved_on.isoformat() if outcome else "",
                ("true" if outcome.happened else "false") if outcome else "",
                csv_cell(outcome.note) if outcome else "",
                exact(j.score) if j.score is not None else "",
            ]
        )
    return _csv_text([JUDGEMENT_COLUMNS, *rows])


def render_assessment_data(site: Site, links: Links, reuse: Reuse = NO_REUSE) -> dict[str, str]:
    """The two files; ``reuse`` (``render/reuse.py``) keeps them while nothing they show
    changed."""
    index = site.assessments
    parts = [str(links.site_url), index.digest(index.items, str(index.day))]
    makers = {
        ASSESSMENTS_CSV: lambda: render_assessments_csv(site, links),
        JUDGEMENTS_CSV: lambda: render_judgements_csv(site, links),
    }
    return {path: reuse.memo("opendata", [path, *parts], make) for path, make in makers.items()}
