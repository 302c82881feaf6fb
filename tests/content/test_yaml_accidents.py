"""YAML that reads otherwise than it looks (libyaml is YAML 1.1): a count written ``010`` is
8, ``1:30`` is 90, ``yes`` is true. Each such form is refused where it is written, with
what to write instead; the plain forms are read as before. And line numbers stay the
editor's after characters YAML takes for line breaks and editors do not (U+2028, U+2029,
U+0085). The exact messages are the fixtures yaml11-number, yaml11-bool, grouped-digits
and odd-line-break of test_validate_fixtures.py; these tests state each rule directly."""

from __future__ import annotations

import pytest

from generator.content.load import load_text
from generator.content.validate import validate_article
from generator.errors import ContentErrors

ENTRY = """\
id: x
kind: brief
section: World
date: 2031-05-02
headline: Ferry crews in Port Vell vote to return to work
regions: [port-vell]
themes: [unrest]
casualties:
  - group: civilians
    killed: {killed}
    reported_by: Port Vell harbour office
    reported_on: 2031-05-02
    status: official
    superseded: {superseded}
"""


def _errors(killed: str = "3", superseded: str = "false") -> list[str]:
    doc = load_text(ENTRY.format(killed=killed, superseded=superseded), "x.yaml", partial=True)
    _, errors = validate_article(doc)
    return [str(e) for e in errors]


@pytest.mark.parametrize(
    ("written", "read_as", "write"),
    [
        ("010", "the octal number 8", "write 10 (no leading zero)"),
        ("-010", "the octal number -8", "write -10 (no leading zero)"),
        ("1:30", "the base-60 number 90", "write 90 in plain digits"),
        ("2:05:00", "the base-60 number 7500", "write 7500 in plain digits"),
        ("0x1F", "the hexadecimal number 31", "write 31 in plain digits"),
        ("0b101", "the binary number 5", "write 5 in plain digits"),
        ("1_000", "1000, dropping the underscores", "write 1000 (digits only)"),
    ],
)
def test_a_count_in_a_yaml_1_1_number_form_is_refused_saying_what_to_write(
    written: str, read_as: str, write: str
) -> None:
    assert _errors(killed=written) == [
        f"x.yaml:10:13: casualties[0].killed: YAML 1.1 reads {written} as {read_as}"
        + (" (as if it were a time)" if ":" in written else "")
        + f": {write}"
        + (" if that is the number" if "plain digits" in write else "")
        + f", or '{written}' in quotes if it is text [briefing.yaml-number]"
    ]


def test_a_plus_sign_is_refused_too() -> None:
    assert _errors(killed="+5") == [
        "x.yaml:10:13: casualties[0].killed: only plain digits are read as a number: write 5 "
        "(no plus sign), or '+5' in quotes if it is text [briefing.yaml-number]"
    ]


@pytest.mark.parametrize("written", ["0", "7", "145", "1000000"])
def test_plain_decimal_counts_are_read(written: str) -> None:
    doc = load_text(ENTRY.format(killed=written, superseded="false"), "x.yaml")
    assert doc.data["casualties"][0]["killed"] == int(written)
    assert validate_article(doc)[1] == []


@pytest.mark.parametrize(
    ("written", "word"),
    [("yes", "true"), ("Yes", "true"), ("on", "true"), ("ON", "true"), ("no", "false"),
     ("Off", "false")],
)  # fmt: skip
def test_yaml_1_1_words_for_true_and_false_are_refused(written: str, word: str) -> None:
    assert _errors(superseded=written) == [
        f"x.yaml:14:17: casualties[0].superseded: YAML 1.1 reads {written} as {word}: write "
        f"true or false, or '{written}' in quotes if it is text [briefing.yaml-bool]"
    ]


@pytest.mark.parametrize(("written", "word"), [("True", "true"), ("FALSE", "false")])
def test_capitalised_true_and_false_are_refused_asking_for_lowercase(
    written: str, word: str
) -> None:
    assert _errors(superseded=written) == [
        f"x.yaml:14:17: casualties[0].superseded: YAML 1.1 reads {written} as {word}: write "
        f"{word} (in lowercase), or '{written}' in quotes if it is text [briefing.yaml-bool]"
    ]


@pytest.mark.parametrize("written", ["true", "false"])
def test_true_and_false_are_read(written: str) -> None:
    doc = load_text(ENTRY.format(killed="3", superseded=written), "x.yaml")
    assert doc.data["casualties"][0]["superseded"] is (written == "true")


def test_the_same_forms_in_quotes_are_text_and_a_yaml_word_in_a_text_field_is_refused() -> None:
    doc = load_text("headline: '010'\nsection: 'yes'\nperiod: no\n", "x.yaml", partial=True)
    assert doc.data["headline"] == "010" and doc.data["section"] == "yes"
    assert [str(e) for e in doc.problems] == [
        "x.yaml:3:9: period: YAML 1.1 reads no as false: write true or false, or 'no' in "
        "quotes if it is text [briefing.yaml-bool]"
    ]


def test_a_key_yaml_reads_as_true_is_reported_once_as_a_key() -> None:
    doc = load_text("id: x\nyes: 3\n", "x.yaml", partial=True)
    assert [e.code for e in doc.problems] == ["briefing.yaml-key"]


def test_thousands_separators_ask_for_plain_digits_and_quotes_are_named_only_if_there() -> None:
    assert _errors(killed="1,450") == [
        "x.yaml:10:5: casualties[0].killed: must be a whole number ≥ 0 in plain digits, got "
        "'1,450': write 1450 [briefing.value]"
    ]
    assert _errors(killed="'145'") == [
        "x.yaml:10:5: casualties[0].killed: must be a whole number ≥ 0, got '145' (written in "
        "quotes: remove them) [briefing.value]"
    ]


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85"])
def test_line_numbers_after_a_break_editors_do_not_show_are_the_editors(odd: str) -> None:
    text = (
        ENTRY.format(killed="-3", superseded="false")
        .replace("headline: Ferry crews in", f'headline: "Ferry crews{odd}{odd}in')
        .replace("to return to work", 'to return to work"')
    )
    doc = load_text(text, "x.yaml", partial=True)
    assert doc.position(("casualties", 0, "killed")) == (10, 5)
    assert doc.position(("regions", 0)) == (6, 11)
    _, errors = validate_article(doc)
    assert [(e.line, e.col) for e in errors] == [(10, 5)]


def test_a_syntax_error_caused_by_such_a_break_names_it_and_its_line() -> None:
    text = "id: x\nheadline: Ferry crews\u2028in Port Vell\nsection: World\n"
    with pytest.raises(ContentErrors) as caught:
        load_text(text, "x.yaml")
    assert str(caught.value).splitlines()[0] == (
        "x.yaml:3:1: YAML syntax: could not find expected ':' (while scanning a simple key); "
        "line 2 holds U+2028 LINE SEPARATOR (column 22), which YAML reads as a line break: "
        "remove it, or quote the text [briefing.yaml]"
    )
