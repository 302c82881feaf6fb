"""The GitHub workflows and the pre-commit hook cannot run here; what can be checked is.

Both workflow files parse; every action is pinned to a commit; each command in a ``run:``
step is one this project has (``briefing`` subcommands are parsed by the real argparse
parser, the install and test steps are the README's commands); and the commands the
workflows depend on are run here for real: ``briefing validate --format github`` and the
publish build with ``SITE_URL`` set from a Pages URL.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from ci_skips import flag
from conftest import PUBLISHED_URL, ROOT, SEED_ID, page_soup
from conftest import run_briefing as briefing
from fictional import fictional_content, fictional_entry

from generator.cli import build_parser
from generator.content import assessments, schema

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}$")


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def commands(run: str) -> list[list[str]]:
    """Each simple command of a ``run:`` script, without leading VAR=value assignments."""
    lexer = shlex.shlex(run.replace("\n", " ; "), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    out: list[list[str]] = [[]]
    for token in lexer:
        if token in ("&&", "||", ";", "|"):
            out.append([])
        else:
            out[-1].append(token)
    cleaned = []
    for argv in out:
        while argv and re.match(r"^[A-Z_]+=", argv[0]):
            argv = argv[1:]
        if argv:
            cleaned.append(argv)
    return cleaned


def readme_command(program: str) -> str:
    """The README's one-line command that ends with ``program ...``."""
    readme = (ROOT / "README.md").read_text("utf-8")
    found = [ln for ln in readme.splitlines() if ln.startswith("python3 -m venv") and program in ln]
    assert len(found) == 1, found
    return found[0]


def check_command(argv: list[str]) -> None:
    """Fail unless ``argv`` is a command this project (or its CI machine) provides."""
    program = Path(argv[0]).name
    if program == "briefing":
        try:
            build_parser().parse_args(argv[1:])
        except SystemExit:
            pytest.fail(f"`{shlex.join(argv)}` is not a valid briefing command")
    elif program == "mkdocs":
        assert argv[1:3] == ["build", "--strict"], argv
    elif program in ("python", "python3"):
        assert argv[1:3] in (["-m", "venv"], ["-m", "pytest"]), argv
    elif program == "pip":
        assert argv[1:3] == ["install", "-e"], argv
        extras = re.findall(r"\[(.*)\]", argv[3])
        pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
        for extra in extras:
            assert re.search(rf"^{extra} = \[", pyproject, re.MULTILINE), extra
    elif program == "echo":  # a step's output, for a later step
        assert argv[2:] == [">>", "$GITHUB_OUTPUT"], argv
    elif program == "apt-get":
        assert argv[1] in ("update", "install"), argv
    elif program == "npm":  # the tests' checkers, installed as .ci/run installs them
        ci_run = (ROOT / ".ci" / "run").read_text("utf-8")
        assert any(c == argv for run in ci_run.splitlines() for c in commands(run)), argv
    else:
        pytest.fail(f"unknown program {program!r} in `{shlex.join(argv)}`")


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_every_run_step_calls_a_command_that_exists(name: str) -> None:
    runs = [step["run"] for step in steps(workflow(name)) if "run" in step]
    assert runs
    called = [argv for run in runs for argv in commands(run)]
    for argv in called:
        check_command(argv)
    assert [".venv/bin/briefing", "validate", "--format", "github"] in called
    assert [".venv/bin/mkdocs", "build", "--strict", "--dirty"] in called


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_actions_are_pinned_and_mkdocs_2_warning_is_off(name: str) -> None:
    data = workflow(name)
    assert data["env"]["NO_MKDOCS_2_WARNING"] == "1"
    text = (WORKFLOWS / name).read_text("utf-8")
    uses = [step["uses"] for step in steps(data) if "uses" in step]
    assert uses
    for action in uses:
        assert PINNED.match(action), f"{action} is not pinned to a commit"
        line = next(ln for ln in text.splitlines() if action in ln)
        assert re.search(r"# v\d+\.\d+\.\d+$", line), f"{action}: say which release it is"


def test_check_runs_the_readme_commands_on_pull_requests() -> None:
    data = workflow("check.yml")
    assert "pull_request" in data["on"]
    runs = {step.get("name"): step.get("run") for step in steps(data)}
    install, tests = runs["Install (the README's command)"], runs["Tests"]
    assert f"{install} && {tests}" == readme_command("pytest")
    upload = next(s for s in steps(data) if "upload-artifact" in s.get("uses", ""))
    site_dir = re.search(r"^site_dir: (\S+)$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
    assert site_dir and upload["with"]["path"] == site_dir.group(1)
    assert upload["with"]["name"] == "site"


#: pytest options that would leave the browser tests (or any test) out of a CI run.
DESELECTING = ("-m", "-k", "--deselect", "--ignore", "--ignore-glob", "-p")


def _runs_every_test(argv: list[str]) -> bool:
    return argv[1:3] == ["-m", "pytest"] and not any(
        a.split("=")[0] in DESELECTING for a in argv[3:]
    )


def test_ci_and_the_check_workflow_require_the_browser_tests() -> None:
    """Both CI entry points run every test with the browser required, so a missing
    Chromium or axe-core fails the run instead of skipping the browser tests."""
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    argvs = [argv for line in script.splitlines() for argv in commands(line)]
    pytest_at = [i for i, argv in enumerate(argvs) if "pytest" in argv]
    assert len(pytest_at) == 1 and _runs_every_test(argvs[pytest_at[0]]), argvs
    exported = dict(
        a.split("=", 1)
        for argv in argvs[: pytest_at[0]]
        if argv[0] == "export"
        for a in argv[1:]
        if "=" in a
    )
    assert flag(exported.get("BRIEFING_REQUIRE_BROWSER")), exported
    assert not re.search(r"^\s*unset\b.*BRIEFING_REQUIRE_BROWSER", script, re.M)

    tests = next(s for s in steps(workflow("check.yml")) if "pytest" in s.get("run", ""))
    (argv,) = commands(tests["run"])
    assert _runs_every_test(argv), argv
    env = {**workflow("check.yml").get("env", {}), **tests.get("env", {})}
    assert flag(env.get("BRIEFING_REQUIRE_BROWSER")), env


def test_publish_builds_with_the_pages_url_and_deploys() -> None:
    data = workflow("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    # a scheduled entry is published by the first build on its day: one build every day
    crons = [run["cron"].split() for run in data["on"]["schedule"]]
    assert any(c[2:] == ["*", "*", "*"] and c[0].isdigit() and c[1].isdigit() for c in crons)
    build = data["jobs"]["build"]["steps"]
    runs = {step.get("name"): step for step in build}
    install, site = runs["Install (the README's command)"], runs["Build the site"]
    # The README's command, from the site the last publish made (restored: see below).
    assert f"{install['run']} && {site['run']}" == readme_command("mkdocs build") + " --dirty"
    pages = next(s for s in build if s.get("id") == "pages")
    assert pages["uses"].startswith("actions/configure-pages@")
    assert site["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in build)
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_publish_build_puts_the_pages_url_into_the_site(published_site: Path) -> None:
    """``conftest.published_site`` is built as publish.yml builds: its SITE_URL is what
    the workflow makes of a Pages address (here the test server's, with a sub-folder)."""
    build = workflow("publish.yml")["jobs"]["build"]["steps"]
    template = next(s for s in build if "SITE_URL" in s.get("env", {}))["env"]["SITE_URL"]
    pages_url = PUBLISHED_URL.removesuffix("/")  # Pages' base_url has no trailing slash
    assert template.replace("${{ steps.pages.outputs.base_url }}", pages_url) == PUBLISHED_URL
    canonical = page_soup(published_site, f"articles/{SEED_ID}").select_one("link[rel=canonical]")
    assert canonical is not None
    assert canonical["href"] == f"{pages_url}/articles/{SEED_ID}/"


def _uses(step: dict[str, Any], action: str) -> bool:
    return str(step.get("uses", "")).startswith(f"{action}@")


def test_only_the_deploying_job_may_publish() -> None:
    """The build runs this project's code and its dependencies: it gets a token that can
    read, never one that deploys to Pages or mints an identity (OIDC) token."""
    for name in ("check.yml", "publish.yml"):
        data = workflow(name)
        assert set(data["permissions"].values()) <= {"read"}, (name, data["permissions"])
        for job_name, job in data["jobs"].items():
            granted = {**data["permissions"], **job.get("permissions", {})}
            deploys = any(_uses(step, "actions/deploy-pages") for step in job["steps"])
            writes = {scope for scope, level in granted.items() if level == "write"}
            assert writes == ({"pages", "id-token"} if deploys else set()), (name, job_name)
            for step in job["steps"]:
                if _uses(step, "actions/checkout"):
                    assert step["with"]["persist-credentials"] is False, (name, job_name)


def test_the_cache_flows_from_publish_runs_to_pull_requests_never_back() -> None:
    """Cache poisoning: a pull request's run must not save a cache a publish run restores.
    Only the publish workflow (runs on main) saves; the check restores, and never saves;
    the weekly scheduled publish restores nothing and builds from scratch."""
    publish, check = workflow("publish.yml"), workflow("check.yml")
    saving = ("actions/cache", "actions/cache/save")
    assert not any(_uses(step, a) for step in steps(check) for a in saving)
    build = publish["jobs"]["build"]["steps"]
    (restore,) = [step for step in build if _uses(step, "actions/cache/restore")]
    (save,) = [step for step in build if _uses(step, "actions/cache/save")]
    (read,) = [step for step in steps(check) if _uses(step, "actions/cache/restore")]
    assert restore["with"]["path"] == save["with"]["path"] == read["with"]["path"]
    # The cache and the site it describes, for `mkdocs build --dirty`.
    assert restore["with"]["path"].split() == [".cache/briefing/", "site/"]
    assert read["with"]["restore-keys"] == restore["with"]["restore-keys"]
    assert save["with"]["key"].startswith(restore["with"]["restore-keys"])
    # The key names the generator, the configuration and the dependencies' ranges.
    key_step = next(step for step in build if step.get("id") == "cache")
    for watched in ("generator/**", "mkdocs.yml", "pyproject.toml"):
        assert watched in key_step["env"]["HASH"]
    weekly = [run["cron"] for run in publish["on"]["schedule"] if run["cron"].split()[4] != "*"]
    assert weekly and restore["if"] == f"github.event.schedule != '{weekly[0]}'"
    order = [
        build.index(step)
        for step in (restore, next(s for s in build if s.get("name") == "Build the site"), save)
    ]
    assert order == sorted(order)


def test_the_pull_request_check_builds_dirty_as_a_publish_does() -> None:
    """Both builds start from the last published site (--dirty) with the same settings:
    a build with another address would not reuse it (its record's key differs)."""
    builds = [
        next(s for s in steps(workflow(name)) if s.get("name") == "Build the site")
        for name in ("publish.yml", "check.yml")
    ]
    assert [b["run"] for b in builds] == [".venv/bin/mkdocs build --strict --dirty"] * 2
    assert [b["env"] for b in builds] == [{"SITE_URL": "${{ steps.pages.outputs.base_url }}/"}] * 2
    for name in ("publish.yml", "check.yml"):
        found = [s for s in steps(workflow(name)) if _uses(s, "actions/configure-pages")]
        assert [s["id"] for s in found] == ["pages"], name


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    """zizmor, the GitHub Actions auditor, offline: no finding at all, not even a low one
    (the test tools come from npm through a lockfile, tools/test-clients)."""
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    if zizmor is None:
        pytest.skip("zizmor is not installed (pip install -e '.[test]' installs it)")
    result = subprocess.run(
        [zizmor, "--offline", "--format", "json", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    findings = [(f["ident"], f["determinations"]["severity"]) for f in json.loads(result.stdout)]
    assert findings == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_validate_as_the_workflows_run_it_passes_on_this_content() -> None:
    result = briefing("validate", "--format", "github")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""  # no annotations


def test_a_broken_entry_is_annotated_on_its_line_in_a_pull_request(tmp_path: Path) -> None:
    bad = fictional_entry(1, casualties=[{"group": "civilians", "killed": -4}])
    content = fictional_content(tmp_path, [bad], keep_real=False)
    result = briefing("--content", str(content), "validate", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    path = f"content/articles/fictional/{bad['id']}.yaml"
    annotations = [ln for ln in result.stdout.splitlines() if ln.startswith("::error ")]
    assert annotations and all(f"file={path},line=" in ln for ln in annotations)
    assert any("casualties[0].killed" in ln for ln in annotations)


def test_pre_commit_hooks_run_commands_of_this_project() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    validate = hooks["briefing-validate"]
    assert validate["entry"] == "briefing validate" and validate["pass_filenames"] is True
    matches = re.compile(validate["files"]).search
    assert matches(f"content/articles/2026/{SEED_ID}.yaml") and matches("content/taxonomy.yaml")
    assert matches("content/assessments/2026/pk-ba-2026-02-01.yaml")
    assert not matches("content/pages/about.md") and not matches("generator/cli.py")
    shipped = hooks.pop("no-shipped-assessment")  # refuses any file, by pre-commit's own rule
    assert shipped["language"] == "fail" and "must stay empty" in shipped["entry"]
    refused = re.compile(shipped["files"]).search
    assert refused("content/assessments/2026/pk-ba-2026-02-01.yaml")
    assert refused("content/assessments/.keep") and not refused(
        f"content/articles/2026/{SEED_ID}.yaml"
    )
    for hook in hooks.values():
        argv = shlex.split(hook["entry"])
        if argv[0] == "briefing":
            check_command(argv)
        else:
            assert argv[0] == "ruff" and (Path(sys.executable).parent / "ruff").is_file()
    # as pre-commit runs it when the seed entry and the taxonomy are staged
    changed = [f"content/articles/2026/{SEED_ID}.yaml", "content/taxonomy.yaml"]
    result = briefing(*shlex.split(validate["entry"])[1:], *changed)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_field_reference_hook_runs_when_the_schema_file_changes() -> None:
    """The hook that keeps CONTRIBUTING.md's field reference true names the schema's file
    by its path: a pattern left behind when the file moved would never run it."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    matches = re.compile(hooks["field-reference"]["files"]).search
    schema_file = Path(schema.__file__).resolve().relative_to(ROOT.resolve()).as_posix()
    assert schema_file == "generator/content/schema.py"
    assert matches(schema_file) and matches("CONTRIBUTING.md")
    assessed = Path(assessments.__file__).resolve().relative_to(ROOT.resolve()).as_posix()
    assert matches(assessed)  # the assessment fields are in the reference too
    assert not matches("generator/content/model.py")


def test_the_test_clients_come_pinned_from_a_lockfile() -> None:
    """axe-core and vnu.jar, whose rules decide what the accessibility and HTML tests
    accept, are exact versions with registry hashes: a new release cannot change a CI run."""
    tools = ROOT / "tools" / "test-clients"
    wanted = json.loads((tools / "package.json").read_text("utf-8"))["devDependencies"]
    assert set(wanted) == {"axe-core", "vnu-jar"}
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in wanted.values()), wanted
    locked = json.loads((tools / "package-lock.json").read_text("utf-8"))["packages"]
    for name, version in wanted.items():
        assert locked[f"node_modules/{name}"]["version"] == version
        assert locked[f"node_modules/{name}"]["integrity"].startswith("sha512-")
    ci_run = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "npm ci --prefix tools/test-clients" in ci_run
    assert "npm install" not in ci_run
