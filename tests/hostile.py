"""Hostile text for the tests: a fictional entry (the invented land of Velmora, in the
invented region of Erewhon) whose every text field carries script tags, event handlers,
``javascript:`` links and ``</script>`` break-outs.

Every payload sets ``window.__briefingPwned`` (:data:`PAYLOAD_FLAG`) to a label naming
the field and the trick, so a browser test that finds it set can say which one ran.
"""

from __future__ import annotations

from typing import Any

from fictional import fictional_entry

ENTRY_ID = "fictional-velmora-hostile-text"
#: the window flag every hostile payload tries to set.
PAYLOAD_FLAG = "__briefingPwned"
#: The families of tricks, and whether validation lets an entry carrying them through.
BUILDS = {"markup": True, "links": False, "disguised-links": False}


def tricks(label: str) -> dict[str, dict[str, str]]:
    """Hostile snippets by family, each tagged with ``label`` (the field it goes in).

    Validation refuses links that are not http(s) in entry text (``BUILDS``), which
    refuses the whole entry, so each family is built on its own and markup still reaches
    a browser.
    """
    flag = f"window.{PAYLOAD_FLAG}"

    def run(trick: str) -> str:
        return f"{flag}='{label}:{trick}'"

    return {
        "markup": {
            "script": f"<script>{run('script')}</script>",
            "img": f'<img src=x onerror="{run("img")}">',
            "svg": f'<svg onload="{run("svg")}"></svg>',
            "details": f'<details open ontoggle="{run("details")}"><summary>x</summary>',
            "breakout": f"</script><script>{run('breakout')}</script>",
            "attr": f'"\'><img src=x onerror="{run("attr")}">',
            "html-link": f'<a href="javascript:{run("html-link")}">Velmora anchor</a>',
            "attr-list": f'Velmora text {{: onclick="{run("attr-list")}" }}',
            "iframe": f'<iframe src="javascript:parent.{run("iframe")}"></iframe>',
        },
        "links": {
            "md-link": f"[Velmora link](javascript:{run('md-link')})",
            "autolink": f"<javascript:{run('autolink')}>",
            "data-link": f"[Velmora data](data:text/html,<script>{run('data-link')}</script>)",
        },
        "disguised-links": {
            "case": f"[Velmora case](JaVaScRiPt:{run('case')})",
            "space": f"[Velmora space]( javascript:{run('space')})",
            "angle": f"[Velmora angle](<javascript:{run('angle')}>)",
            "entity": f"[Velmora entity](jav&#x61;script:{run('entity')})",
            "reference": f"[Velmora ref][v] [v]: javascript:{run('reference')}",
        },
    }


def payloads(label: str, family: str) -> str:
    """One field's worth of hostile text from one family of tricks."""
    return f"Velmora {label}: " + " ".join(tricks(label)[family].values())


def hostile_entry(family: str) -> dict[str, Any]:
    def p(label: str) -> str:
        return payloads(label, family)

    return {
        "id": ENTRY_ID,
        "section": "Fiction",
        "date": "2030-01-02",
        "headline": "Velmora headline " + p("headline"),
        "dek": p("dek"),
        "byline": p("byline"),
        "summary": p("summary"),
        "key_points": [{"text": p("key_point"), "impact": p("impact")}],
        "body": [p("body"), {"quote": p("quote"), "speaker": p("speaker"), "role": "invented"}],
        "context": [p("context")],
        "risks": [{"text": p("risk"), "category": "security"}],
        "casualties": [
            {
                "group": "civilians",
                "killed": 3,
                "reported_by": p("reported_by"),
                "reported_on": "2030-01-02",
                "status": "claimed",
                "period": p("period"),
                "note": p("casualty_note"),
            }
        ],
        "actors": [{"name": p("actor"), "role": p("actor_role")}],
        "sources": [{"name": p("source"), "url": "https://example.org/velmora?a=1&b=2"}],
        "related": [{"title": p("related"), "date": "2030-01-01", "url": "https://example.org/v"}],
        "regions": ["erewhon"],
        "themes": ["insurgency"],
    }


# --- for the built site (conftest.hostile_site) ----------------------------------

#: Plain text (no Markdown link syntax), so validation accepts it and it reaches the page.
OWASP = [
    "<SCRIPT SRC=https://xss.invalid/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;>",
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SVG/ONLOAD=alert(1)>",
    "<BODY ONLOAD=alert('XSS')>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    "<style>@import 'https://xss.invalid/x.css';</style>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,PHNjcmlwdD4=">',
    "'';!--\"<XSS>=&{()}",
    "</title><script>alert('title')</script>",
    "</script><script>alert('script')</script>",
    '" onmouseover="alert(1)" data-x="',
    '*x*{: onclick="alert(1)" }',
    "{{ 7*7 }}",
    "{% raw %}${7*7}",
    "<!--#exec cmd=\"/bin/echo 'x'\"-->",
    "<![CDATA[<script>alert(1)</script>]]>",
]


def owasp_entry() -> dict[str, Any]:
    """A fictional entry (invented place) whose every text field is hostile."""
    return {
        "id": "hostile-strings",
        "section": OWASP[15],
        "date": "2031-05-03",
        "headline": "</title><script>alert('h')</script><img src=x onerror=alert(1)> & {{ 7*7 }}",
        "dek": OWASP[18],
        "byline": OWASP[0],
        "summary": OWASP[19],
        "key_points": [{"text": OWASP[2], "impact": OWASP[8]}],
        "body": [*OWASP, {"quote": OWASP[11], "speaker": OWASP[12], "role": OWASP[9]}],
        "context": [OWASP[20]],
        "risks": [{"text": OWASP[17], "category": "security"}],
        "casualties": [
            {
                "group": "civilians",
                "killed": 2,
                "reported_by": "</script><script>alert('chart')</script>",
                "reported_on": "2031-05-03",
                "status": "claimed",
                "note": OWASP[1],
            }
        ],
        "actors": [{"name": OWASP[4], "role": OWASP[5]}],
        "sources": [{"name": OWASP[6], "url": "https://example.org/a?b=1&c=2", "note": OWASP[7]}],
        "related": [{"title": OWASP[10], "date": "2031-05-01", "url": "https://example.org/r"}],
        "regions": ["erewhon"],
        "themes": ["diplomacy"],
    }


#: Quotes and markup in the headline and dek, which go into every head tag.
HEAD_HOSTILE = 'Fictional "quoted" <script>alert(1)</script> & co in Erewhon'


def head_entry() -> dict[str, Any]:
    return fictional_entry(1, headline=HEAD_HOSTILE, dek=HEAD_HOSTILE)
