"""The way out after Material, in a reader's browser: the Markdown of ``briefing
export-markdown`` built by Zensical (no plugin, no hooks) and served locally. The seed
article's charts draw with the site's own plotly.js, Zensical's search finds the article,
and no page asks anything of a third party or reports an error."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT, SEED_ID, child_env
from servers import StaticSite, base_url, bound_socket, serve_static, stop_static

from .conftest import new_reader
from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"


@pytest.fixture(scope="module")
def zensical_served(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticSite]:
    pytest.importorskip("zensical", reason="zensical is not installed: pip install -e '.[test]'")
    out = tmp_path_factory.mktemp("zensical-browser") / "export"
    sock = bound_socket()  # the address is ours before the site that names it is built
    base = base_url(sock)
    env = child_env(SITE_URL=base, PYTHONPATH=str(ROOT))
    for args, cwd in (
        (["generator", "export-markdown", str(out)], ROOT),
        (["zensical", "build", "--strict"], out),
    ):
        result = subprocess.run(
            [sys.executable, "-m", *args], cwd=cwd, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    server, log = serve_static(out / "site", sock)
    yield StaticSite(root=out / "site", base=base, requests=log)
    stop_static(server)


@pytest.fixture()
def zensical_reader(browser: Any, zensical_served: StaticSite) -> Iterator[Reader]:
    r = new_reader(browser, zensical_served.base)
    yield r
    r.page.context.close()
    r.assert_clean()


def test_zensical_site_draws_the_charts_and_finds_the_article(zensical_reader: Reader) -> None:
    reader = zensical_reader
    reader.open(ARTICLE)
    assert reader.h1().startswith("Pakistan Reports 145 Militants Killed")
    assert reader.scroll_to_charts() >= 2
    assert len(reader.plotly_fetches()) == 1

    reader.open("about/")
    reader.page.locator(".md-search__button").click()
    reader.page.get_by_role("combobox").press_sequentially("Herof", delay=20)
    hit = reader.page.get_by_role("option").filter(has_text="Pakistan Reports 145 Militants")
    hit.first.wait_for()
    assert "Herof" in hit.first.inner_text()
    hit.first.click()  # the reader follows the result
    reader.wait_for_page(ARTICLE, "Pakistan Reports 145 Militants")
    reader.scroll_to_charts()

    outside = [u for u in reader.requests if not u.startswith((reader.base, "data:"))]
    assert outside == []
