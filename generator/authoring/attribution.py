"""Who said what in an article's text: people, sentence subjects, and casualty figures.

Used by ``briefing import`` to propose what an analyst then checks. Its rule is the
project's: never invent a source. A figure's ``reported_by`` is the subject of the
reporting verb in the sentence that gives the figure (``The military had earlier reported
92 militants killed``), a person named with their title earlier in the text when the
sentence only says "He" or "Bugti", and nothing at all when the text does not say.

>>> figures_in("The military had earlier reported 92 militants killed on Saturday.")
[Figure(group='militants', count=92, kind='killed', start=34)]
>>> subject_of("Provincial officials in Pakistan on Sunday said 145 militants were killed.")
'Provincial officials in Pakistan'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NAME_WORD = r"[A-Z][\w’'.-]+"
#: "Sarfaraz Bugti, the chief minister of Balochistan," -- a name with its title.
_APPOSITIVE = re.compile(
    rf"(?<![\w’'])(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{1,3}}), "
    r"(?P<title>(?:a|an|the) (?P<role>[^,;:]+?)"
    r"(?: (?:for|of|at|with|in) (?:the )?(?P<org>[^,;:]+?))?),"
)
_NOT_NAMES = frozenset(
    [
        "In",
        "On",
        "At",
        "The",
        "A",
        "An",
        "And",
        "But",
        "For",
        "Of",
        "To",
        "By",
        "As",
        "After",
        "Before",
    ]
)
_VERBS = (
    r"(?:said|says|say|reported|reports|report|told|tells|confirmed|confirms|confirm|"
    r"announced|announces|stated|states|claimed|claims|claim|added|adds|noted|notes|"
    r"estimated|estimates|quoted|saying)"
)
_ADVERBIAL = (
    rf"(?:had|has|have|also|earlier|later|previously|again|(?:late |early )?on "
    rf"(?:{'|'.join(WEEKDAYS)}))"
)
_LEAD = re.compile(rf"^(?P<subj>[^,;:“”\"]+?)\s+(?:{_ADVERBIAL}\s+)*{_VERBS}\b")
_TRAIL = re.compile(rf",\s*(?P<subj>[^,;:“”\"]+?)\s+{_VERBS}\s*[.!?]?[”\"]?$")
_ACCORDING = re.compile(r"\baccording to (?P<subj>[^,;:.“”\"]+)")
_SAYING = re.compile(rf"\b{_VERBS}\b|\bas saying\b|:$")
PRONOUNS = frozenset({"he", "she"})
_UNRESOLVABLE = frozenset({"they", "it", "we", "i", "you", "this", "that", "which", "who"})

_GROUP_NOUNS = {
    "security-forces": (
        "law enforcement personnel|security personnel|security forces|soldiers|troops|"
        "police officers|policemen|police|officers|personnel|paramilitaries"
    ),
    "militants": "militants|insurgents|fighters|attackers|gunmen|rebels|terrorists|assailants",
    "civilians": "civilians|residents|villagers|bystanders|passengers|worshippers",
    "unspecified": "people|persons",
}
_GROUP_OF = {noun: group for group, nouns in _GROUP_NOUNS.items() for noun in nouns.split("|")}
_FIGURE = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+"
    r"(?:(?:suspected|alleged|armed|other|more|local)\s+)?"
    rf"(?P<noun>{'|'.join(sorted(_GROUP_OF, key=len, reverse=True))})\b"
)
_KILLED = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|dead|died|deaths?|lost their lives|eliminated|slain|"
    r"fatalities|perished)\b"
)
_INJURED = re.compile(r"\b(?:injur\w*|wound\w*)\b")
_PERIOD = re.compile(
    r"\bover (?P<period>(?:a |an |about |nearly |almost |more than |some )?"
    r"(?:\d+|[a-z]+)[- ](?:hours?|days?|weeks?|months?)(?: period)?)\b"
)
_AUTHORITY = re.compile(
    r"\b(?:officials?|authorit\w*|military|army|police|minister\w*|ministry|government|"
    r"spokes\w*|governor|forces|provincial|federal|president|prime)\b",
    re.IGNORECASE,
)
_ABBREVIATIONS = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Gen",
        "Col",
        "Lt",
        "Sgt",
        "Capt",
        "Maj",
        "St",
        "Sen",
        "Rep",
        "Gov",
        "No",
    ]
)
_SENTENCE_GAP = re.compile(r"[.!?][”\"’)]*\s+(?=[“\"‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Person:
    """Someone the text names with a title: ``Sarfaraz Bugti, the chief minister of ...``."""

    name: str
    title: str
    role: str
    organisation: str | None

    @property
    def designation(self) -> str:
        return f"{self.name}, {self.title}"


@dataclass(frozen=True)
class Figure:
    """A number of people in a sentence: ``31 civilians`` killed (or injured)."""

    group: str
    count: int
    kind: str  # "killed" or "injured"
    start: int


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping closing quotes with their sentence.

    >>> sentences('He said "no." Then he left. Mr. Vell stayed.')
    ['He said "no."', 'Then he left.', 'Mr. Vell stayed.']
    """
    out, start = [], 0
    for m in _SENTENCE_GAP.finditer(paragraph):
        before = paragraph[start : m.start()].split()
        word = before[-1] if before else ""
        if word in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word):
            continue
        end = m.start() + len(m.group(0).rstrip())
        out.append(paragraph[start:end].strip())
        start = m.end()
    tail = paragraph[start:].strip()
    return [*out, tail] if tail else out


def _titled(m: re.Match[str]) -> Person | None:
    words = m["name"].split()
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    if len(words) < 2:
        return None
    return Person(" ".join(words), m["title"], m["role"], m["org"])


def find_people(texts: Iterable[str]) -> dict[str, Person]:
    """Everyone named with a title, by full name and by surname (the first mention wins)."""
    people: dict[str, Person] = {}
    for text in texts:
        for m in _APPOSITIVE.finditer(text):
            person = _titled(m)
            if person:
                people.setdefault(person.name, person)
                people.setdefault(person.name.split()[-1], person)
    return people


def speaker_before(paragraph: str, people: dict[str, Person]) -> Person | None:
    """Who a quotation on its own line is attributed to by the sentence before it:
    ``Randhir Jaiswal, a spokesperson for ..., was quoted as saying:`` (a person named with
    a title), or ``Bugti said:`` (a known person by surname). None when it does not say."""
    last = sentences(paragraph)[-1] if paragraph.strip() else ""
    if not _SAYING.search(last):
        return None
    found = [p for m in _APPOSITIVE.finditer(last) if (p := _titled(m))]
    if found:
        return people.get(found[-1].name, found[-1])
    subject = subject_of(last)
    return people.get(subject) if subject else None


def subject_of(sentence: str) -> str | None:
    """Who the sentence says is speaking or reporting, as written; None if nobody."""
    lead = _LEAD.match(sentence)
    if lead and len(lead["subj"].split()) <= 8:
        return lead["subj"].strip()
    for pattern in (_TRAIL, _ACCORDING):
        m = pattern.search(sentence)
        if m and len(m["subj"].split()) <= 8:
            return m["subj"].strip()
    return None


@dataclass
class Speakers:
    """Resolves the subjects of sentences read in order, remembering the last person."""

    people: dict[str, Person]
    last: Person | None = None

    def source(self, sentence: str) -> tuple[str | None, str]:
        """(reported_by, how it was read) for one sentence; updates the last person.

        A pronoun becomes the person named before it; a surname the full name with its
        title; "they" or an unnamed subject gives (None, reason) for the analyst.
        """
        titled = _APPOSITIVE.match(sentence)
        person = _titled(titled) if titled else None
        if titled and person and re.search(rf"\b{_VERBS}\b", sentence[titled.end() :]):
            self.last = self.people.get(person.name, person)
            return self.last.designation, f"{person.name} is named with a title"
        subject = subject_of(sentence)
        if subject is None:
            return None, "the sentence names no source"
        key = subject.lower()
        if key in PRONOUNS:
            if self.last is None:
                return None, f'"{subject}" does not name a source and nobody is named before it'
            return self.last.designation, f'"{subject}" read as {self.last.name}, named before'
        if key in _UNRESOLVABLE:
            return None, f'"{subject}" does not name a source'
        person = self.people.get(subject)
        if person:
            self.last = person
            return person.designation, f'"{subject}" is {person.name}, named earlier'
        return subject[:1].upper() + subject[1:], f'"{subject}" is the subject of the sentence'

    def note(self, sentence: str) -> None:
        """Remember a person who is the subject of a sentence without a figure."""
        self.source(sentence)


def figures_in(sentence: str) -> list[Figure]:
    """Casualty figures: each number followed by a group noun, killed or injured.

    The verb that decides is the nearest one before the number in the same clause
    (``killed 145 militants``), else the first after it (``31 civilians lost their lives``).
    """
    if not (_KILLED.search(sentence) or _INJURED.search(sentence)):
        return []
    out = []
    for m in _FIGURE.finditer(sentence):
        before = sentence[: m.start()]
        hits = [(v.end(), "killed") for v in _KILLED.finditer(before)]
        hits += [(v.end(), "injured") for v in _INJURED.finditer(before)]
        clause_start = max(before.rfind(","), before.rfind(";"), before.rfind(" and "))
        near = [h for h in hits if h[0] > clause_start]
        if near:
            kind = max(near)[1]
        else:
            after = sentence[m.end() :]
            k, i = _KILLED.search(after), _INJURED.search(after)
            if k is None and i is None:
                continue
            kind = "injured" if k is None or (i is not None and i.start() < k.start()) else "killed"
        count = int(m["n"].replace(",", ""))
        out.append(Figure(_GROUP_OF[m["noun"].lower()], count, kind, m.start()))
    return out


def period_of(sentence: str) -> str | None:
    """``over about 40 hours`` -> ``about 40 hours``."""
    m = _PERIOD.search(sentence)
    return m["period"] if m else None


def day_of(sentence: str, published: dt.date | None) -> tuple[dt.date | None, str]:
    """The day a figure was given: a weekday named in the sentence, counted back from the
    publication date, else the publication date itself; with how it was read."""
    if published is None:
        return None, "the text gives no date"
    for i, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", sentence):
            back = (published.weekday() - i) % 7
            day = published - dt.timedelta(days=back)
            return day, f'"{name}" read as {day.isoformat()}'
    if re.search(r"\byesterday\b", sentence, re.IGNORECASE):
        return published - dt.timedelta(days=1), '"yesterday" read as the day before'
    return published, "the article's date (the sentence names no day)"


def status_of(source: str | None) -> str:
    """``official`` for an authority (officials, the military, a minister), else ``claimed``."""
    return "official" if source and _AUTHORITY.search(source) else "claimed"
