"""Shared fixtures: the real project built once per test session with the real MkDocs."""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import servers
from bs4 import BeautifulSoup
from servers import Serve, StaticSite

ROOT = Path(__file__).resolve().parent.parent
#: The tests' build day, 2100-01-01 (``SOURCE_DATE_EPOCH``, read by every build, in this
#: process and in the ``mkdocs``/``briefing`` ones it starts): the fictional entries are
#: dated 2030 and later, and entries dated after the build day are held back as
#: scheduled (tests/built_site/test_scheduled.py sets days of its own).
BUILD_DAY_EPOCH = "4102444800"
os.environ["SOURCE_DATE_EPOCH"] = BUILD_DAY_EPOCH
SEED_TEXT = Path(__file__).parent / "fixtures" / "seed_article.txt"
SEED_ID = "pakistan-145-militants-killed-balochistan"


#: ``pytester`` runs sample suites in this process (test_ci_skips.py).
pytest_plugins = ["pytester"]


def pytest_configure(config: pytest.Config) -> None:
    # For the whole session, doctests in generator/ included (a conftest's own hooks
    # would only see the tests under tests/).
    config.pluginmanager.import_plugin("ci_skips")


#: Variables of the developer's shell that would change what a test builds; a test that
#: wants one sets it (``SITE_URL`` exported for a manual publish build, say). The build
#: day is always the tests' own (:data:`BUILD_DAY_EPOCH`) unless a test gives another.
NOT_INHERITED = ("SITE_URL", "SOURCE_DATE_EPOCH", "BRIEFING_JOBS")


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a command a test runs: this one's, without :data:`NOT_INHERITED`,
    with MkDocs 2's notice off and the tests' build day, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_DAY_EPOCH, **extra}


def mkdocs_build(
    project: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs build --strict`` in ``project`` into ``site_dir``."""
    full_env = child_env(**(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        env=full_env,
        check=False,
    )


def copy_project(dest: Path, **briefing_options: object) -> Path:
    """A copy of the real project (config, content, overrides) to change freely in a test;
    ``briefing_options`` are added to the briefing plugin's options in its mkdocs.yml."""
    for name in ("mkdocs.yml",):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("content", "theme_overrides"):
        shutil.copytree(ROOT / name, dest / name)
    if briefing_options:
        config = dest / "mkdocs.yml"
        anchor = "      content_dir: content\n"
        text = config.read_text("utf-8")
        assert anchor in text, "mkdocs.yml: the briefing plugin's options moved"
        extra = "".join(f"      {k}: {json.dumps(v)}\n" for k, v in briefing_options.items())
        config.write_text(text.replace(anchor, anchor + extra, 1), "utf-8")
    return dest


#: SOURCE_DATE_EPOCH of ``built_site`` (and of the second build test_reproducible compares
#: with it): 2026-02-02T02:40:00Z.
EPOCH = "1770000000"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project as ``mkdocs build`` builds it without SITE_URL (links relative),
    reproducibly (SOURCE_DATE_EPOCH, hash seed 1), so test_reproducible builds once more
    and compares."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site, env={"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "1"})
    assert result.returncode == 0, result.stderr
    return site


#: Where ``published_site`` is published, and served from for the browser and the crawl:
#: a sub-folder of a host, as on GitHub Pages, so absolute links must keep the folder. The
#: port is ours from the start (a socket bound now, listening once ``served_site`` starts).
_PUBLISHED_SOCKET = servers.bound_socket()
PUBLISHED_URL = servers.base_url(_PUBLISHED_SOCKET, "risk/")


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built as it is published (publish.yml: ``SITE_URL`` set, links
    absolute), into ``<root>/risk``: the folder ``served_site`` serves at PUBLISHED_URL."""
    site = tmp_path_factory.mktemp("published") / "risk"
    result = mkdocs_build(ROOT, site, env={"SITE_URL": PUBLISHED_URL})
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def served_site(published_site: Path) -> Iterator[StaticSite]:
    """``published_site`` served at PUBLISHED_URL by a static file server (no browser
    needed: the HTTP crawl uses it too)."""
    server, log = servers.serve_static(published_site.parent, _PUBLISHED_SOCKET)
    yield StaticSite(root=published_site, base=PUBLISHED_URL, requests=log)
    servers.stop_static(server)


@contextmanager
def served_as_published(project: Path) -> Iterator[StaticSite]:
    """``project`` built as published (``SITE_URL`` set: links absolute) into the sub-folder
    ``public/risk/`` and served there by a static file server, stopped on exit."""
    sock = servers.bound_socket()
    base = servers.base_url(sock, "risk/")
    site = project / "public" / "risk"
    result = mkdocs_build(project, site, env={"SITE_URL": base})
    assert result.returncode == 0, result.stderr
    server, log = servers.serve_static(site.parent, sock)
    try:
        yield StaticSite(root=site, base=base, requests=log)
    finally:
        servers.stop_static(server)


@pytest.fixture(scope="session")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticSite]:
    """The real project indexed in shards of 10 pages (as a site of 30,000 pages would be
    in shards of 3,000), published in a sub-folder and served there."""
    project = copy_project(tmp_path_factory.mktemp("sharded"), search_shard_pages=10)
    with served_as_published(project) as site:
        yield site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project plus two fictional entries about the invented Erewhon whose text
    is hostile (``tests/hostile.py``: every field from OWASP's cheat sheet; quotes and
    markup in a headline and dek), built as published (SITE_URL set)."""
    from fictional import fictional_content
    from hostile import head_entry, owasp_entry

    project = copy_project(tmp_path_factory.mktemp("hostile"))
    shutil.rmtree(project / "content")
    fictional_content(project, [owasp_entry(), head_entry()])
    site = project / "site"
    result = mkdocs_build(project, site, env={"SITE_URL": PUBLISHED_URL})
    assert result.returncode == 0, result.stderr
    return site


@functools.cache
def site_pages(project: Path = ROOT) -> frozenset[str]:
    """The URL path (``""``, ``"about/"``, ``"regions/pk/"``) of every page the build of
    ``project`` must have: the generator's pages and the hand-written ones in
    ``content/pages``, each at ``<name>/``, ``index`` at its folder."""
    from generator.build import generate

    sources = set(generate(project / "content", project).pages)
    sources |= {p.relative_to(project / "content" / "pages").as_posix()
                for p in (project / "content" / "pages").rglob("*.md")}  # fmt: skip
    stems = (src.removesuffix(".md") for src in sources)
    return frozenset(
        stem.removesuffix("index") if stem.endswith("index") else f"{stem}/" for stem in stems
    )


def html_pages(site: Path) -> set[str]:
    """The URL path of every page in a built site (its ``index.html`` files)."""
    folders = (p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return {"" if folder == "." else f"{folder}/" for folder in folders}


def page_text(site: Path, url_path: str) -> str:
    """What a reader sees on a page: its main content as text, whitespace collapsed."""
    soup = BeautifulSoup((site / url_path / "index.html").read_text("utf-8"), "html.parser")
    main = soup.select_one("article.md-content__inner") or soup
    return re.sub(r"\s+", " ", main.get_text(" ")).strip()


def published_articles(site: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The open data's articles as a data user reads them: ``data/articles/index.json``,
    then each year's file it lists (gzip-compressed JSON), in its order: (the index, every
    article). Each year's file names that year, and holds only it."""
    index_file = site / "data" / "articles" / "index.json"
    index = json.loads(index_file.read_text("utf-8"))
    articles: list[dict[str, Any]] = []
    for listed in index["files"]:
        url = str(listed["url"])
        name = url.rsplit("/", 1)[-1]
        assert url.endswith(f"articles/{name}") and name == f"{listed['year']}.json.gz", url
        doc = json.loads(gzip.decompress((index_file.parent / name).read_bytes()))
        assert doc["year"] == listed["year"] and len(doc["articles"]) == listed["articles"]
        assert {a["date"][:4] for a in doc["articles"]} == {str(listed["year"])}
        articles += doc["articles"]
    return index, articles


def page_soup(site: Path, url_path: str) -> BeautifulSoup:
    return BeautifulSoup((site / url_path / "index.html").read_text("utf-8"), "html.parser")


def search_records(site: Path) -> dict[str, dict[str, Any]]:
    """What Pagefind indexed, by URL: each page's fragment (``url``, ``content``, ``meta``)
    as the browser fetches it for a result, from the built site's ``pagefind/`` bundle and
    its shards (``pagefind/more/<n>/``). A page indexed twice fails the test."""
    records: dict[str, dict[str, Any]] = {}
    for path in sorted((site / "pagefind").rglob("fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        record = json.loads(data[len(b"pagefind_dcd") :])
        assert record["url"] not in records, f"{record['url']} is indexed twice"
        records[record["url"]] = record
    return records


def run_briefing(
    *args: str,
    cwd: Path = ROOT,
    stdin: Any = subprocess.DEVNULL,
    timeout: float = 120,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The ``briefing`` command as a user runs it (``python -m generator``), in ``cwd``;
    ``env`` adds to :func:`child_env` (``SOURCE_DATE_EPOCH`` for another build day)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=child_env(PYTHONPATH=str(ROOT), **(env or {})),
        check=False,
    )


@contextmanager
def mkdocs_serve(
    project: Path, *args: str, stop: int = signal.SIGTERM, env: dict[str, str] | None = None
) -> Iterator[Serve]:
    """``mkdocs serve`` in ``project`` (see ``servers.mkdocs_serve``); ``env`` adds to
    :func:`child_env`."""
    with servers.mkdocs_serve(project, *args, env=child_env(**(env or {})), stop=stop) as serve:
        yield serve


#: Entries in the shared synthetic corpus: enough for the second process to run (from
#: PARALLEL_MIN changed entries, for loading and for rendering); fewer than a listing of
#: two pages needs (100: tests/render/test_pagination.py renders those).
CORPUS_N = 70


def forked(
    *argv: str, cwd: Path, log: Path, fail: tuple[str, ...] = ()
) -> tuple[subprocess.CompletedProcess[str], list[tuple[int, int]]]:
    """``argv`` (``mkdocs build ...`` or ``generate ...``) run by ``tests/forks.py`` in a
    fresh process, where the second process may fork: the result, and the pid and exit
    status of each fork. ``fail``: how each child is made to fail (``raise``, ``kill``)."""
    extra = ["--fail", ",".join(fail)] if fail else []
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "forks.py"), str(log), *extra, *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
    )
    forks = [(pid, status) for pid, status in json.loads(log.read_text("utf-8"))]
    return result, forks


@pytest.fixture(scope="session")
def corpus_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fictional corpus of ``benchmarks/corpus.py`` (CORPUS_N entries), written by its
    command line. Tests only read it."""
    out = tmp_path_factory.mktemp("corpus") / "p"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "--articles", str(CORPUS_N),
         "--out", str(out), "--seed", "3"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def corpus_build(
    corpus_project: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[tuple[int, int]]]:
    """The corpus built by the real ``mkdocs build --strict`` in a fresh process, cold, so
    it forks as a user's build does: (the site, the pid and exit status of each fork)."""
    folder = tmp_path_factory.mktemp("corpus-site")
    site = folder / "site"
    result, forks = forked(
        "mkdocs", "build", "--strict", "--site-dir", str(site),
        cwd=corpus_project, log=folder / "forks.json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return site, forks


@pytest.fixture(scope="session")
def corpus_site(corpus_build: tuple[Path, list[tuple[int, int]]]) -> Path:
    return corpus_build[0]


def load_corpus_module() -> Any:
    """benchmarks/corpus.py as a module (benchmarks/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def assessed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real project with the two test assessments of ``pk-ba`` of issue 13
    (``tests/assessed.py``), never written into the shipped ``content/``."""
    from assessed import FEBRUARY, JANUARY, write_assessments

    project = copy_project(tmp_path_factory.mktemp("assessed"))
    write_assessments(project / "content", [JANUARY, FEBRUARY])
    return project


@pytest.fixture(scope="session")
def assessed_site(assessed_project: Path) -> Iterator[StaticSite]:
    """``assessed_project`` built as published (links absolute) into a sub-folder and
    served there: read as files by the built-site tests, in Chromium by the browser ones."""
    with served_as_published(assessed_project) as site:
        yield site
