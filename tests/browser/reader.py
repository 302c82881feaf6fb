"""A reader at a browser tab: open pages, wait for charts, and keep every error the page
raises (console errors, uncaught exceptions, failed or 4xx/5xx requests).

Shared by the browser tests; the fixtures that make a :class:`Reader` are in
``conftest.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import ConsoleMessage, Page, Request, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

#: true once every chart container on the page holds a drawn Plotly SVG with traces.
ALL_CHARTS_DRAWN = """() => {
  const charts = [...document.querySelectorAll('.bp-chart')];
  return charts.length > 0 && charts.every(
    el => el.hasAttribute('data-drawn') && el.querySelector('svg.main-svg g.trace'));
}"""

#: the main heading's text, without the permalink anchor Material appends.
HEADING = """() => {
  const h = document.querySelector('.md-content article h1');
  if (!h) return '';
  const copy = h.cloneNode(true);
  copy.querySelectorAll('.headerlink').forEach(a => a.remove());
  return copy.textContent.trim();
}"""


@dataclass
class Reader:
    """One browser tab on the served site; ``problems`` collects what went wrong."""

    page: Page
    base: str
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on("requestfailed", self._on_failed)
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("response", self._on_response)

    def _on_console(self, msg: ConsoleMessage) -> None:
        if msg.type == "error":
            self.problems.append(f"console error: {msg.text} at {msg.location.get('url')}")

    def _on_failed(self, req: Request) -> None:
        self.problems.append(f"request failed: {req.url} ({req.failure})")

    def _on_response(self, resp: Response) -> None:
        if resp.status >= 400:
            self.problems.append(f"HTTP {resp.status}: {resp.url}")

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def open(self, path: str = "", instant: bool = False) -> None:
        """Load ``path`` (relative to the site root) as a fresh page load; ``instant``:
        and wait until instant navigation is ready (Material has fetched the sitemap that
        tells it which links are the site's), so the next click swaps the page in."""
        if instant:
            with self.page.expect_response(self.url("sitemap.xml")):
                self.open(path)
            return
        response = self.page.goto(self.url(path))
        assert response is not None and response.status == 200, f"{path}: {response}"

    def scroll_to_charts(self, timeout_ms: float = 15_000) -> int:
        """Scroll down to each chart in turn, as a reader does (charts are drawn only as
        the reader comes near them), and wait until every chart on the page is drawn;
        return how many there are."""
        charts = self.page.locator(".bp-chart")
        for i in range(charts.count()):
            charts.nth(i).scroll_into_view_if_needed()
        try:
            self.page.wait_for_function(ALL_CHARTS_DRAWN, timeout=timeout_ms)
        except PlaywrightTimeoutError:
            drawn = self.page.locator(".bp-chart svg.main-svg").count()
            total = self.page.locator(".bp-chart").count()
            raise AssertionError(
                f"{drawn} of {total} charts drawn on {self.page.url} after {timeout_ms} ms"
            ) from None
        return int(self.page.locator(".bp-chart").count())

    def h1(self) -> str:
        """The page's heading as read (without Material's permalink sign)."""
        return str(self.page.evaluate(HEADING))

    def follow(self, path: str, heading: str) -> None:
        """Click a visible link on the page to ``path`` and wait until it is shown."""
        link = self.page.evaluate_handle(
            """url => [...document.querySelectorAll('a[href]')].find(
                 a => a.href.split('#')[0] === url && a.checkVisibility())""",
            self.url(path),
        ).as_element()
        assert link is not None, f"no visible link to {path} on {self.page.url}"
        link.click()
        self.wait_for_page(path, heading)

    def wait_for_page(self, path: str, heading: str) -> None:
        """Wait until ``path`` is shown: its URL and (it may be swapped in) its heading."""
        self.page.wait_for_url(lambda u: u.split("?")[0].split("#")[0] == self.url(path))
        self.page.wait_for_function(
            f"h => ({HEADING})().toLowerCase().startsWith(h)", arg=heading.lower()
        )

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def plotly_fetches(self) -> list[str]:
        return [u for u in self.requests if u.split("?")[0].endswith("/plotly-briefing.min.js")]

    def assert_clean(self) -> None:
        """No console error, page error, failed request or error response so far."""
        assert not self.problems, "the browser reported:\n" + "\n".join(self.problems)
