"""The wheel a site owner installs (`pip install .`, not `-e .`) carries the whole generator.

An editable install reads the source tree, so a template, an asset or a new sub-package missing
from the package data only shows once someone installs for real: the build then fails with
"template not found", or the site ships without its scripts. This builds the real wheel and
compares it with the source tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"


def _source_files() -> set[str]:
    """Every file of the generator a build can need, as wheel paths (``generator/...``)."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in GENERATOR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    # Built from a copy: setuptools writes briefing.egg-info beside pyproject.toml, and one in
    # the checkout would shadow the installed metadata (entry points) for every later run.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(GENERATOR, source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), source],
        check=True,
        capture_output=True,
        text=True,
    )
    (built,) = out.glob("briefing-*.whl")
    return zipfile.ZipFile(built)


@pytest.fixture(scope="module")
def wheel_files(wheel: zipfile.ZipFile) -> set[str]:
    return set(wheel.namelist())


def test_the_wheel_carries_every_module_template_and_asset(wheel_files: set[str]) -> None:
    missing = sorted(_source_files() - wheel_files)
    assert not missing, f"in generator/ but not in the wheel (package data in pyproject): {missing}"


def test_every_package_folder_is_a_package(wheel_files: set[str]) -> None:
    """A folder of modules without ``__init__.py`` is left out of the wheel by find_packages."""
    folders = {
        path.relative_to(ROOT).as_posix()
        for path in GENERATOR.rglob("*.py")
        for path in [path.parent]
        if "__pycache__" not in path.parts
    }
    assert {f"{folder}/__init__.py" for folder in folders} <= wheel_files


def test_the_wheel_declares_the_plugin_and_the_command(wheel: zipfile.ZipFile) -> None:
    """MkDocs finds the plugin, and the shell the `briefing` command, through these lines."""
    (name,) = [name for name in wheel.namelist() if name.endswith(".dist-info/entry_points.txt")]
    entry_points = wheel.read(name).decode()
    assert "briefing = generator.mkdocs_adapter.plugin:BriefingPlugin" in entry_points
    assert "briefing = generator.cli:main" in entry_points
