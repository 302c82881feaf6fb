"""``briefing export-markdown OUT_DIR``: the generated site as ordinary MkDocs files.

Writes ``OUT_DIR/docs/`` (every generated page, the hand-written pages, chart data,
plotly.js, our script and stylesheet, feeds and data files) and ``OUT_DIR/mkdocs.yml``,
the project's own configuration with the ``briefing`` plugin taken out and what the
plugin adds put in by hand (``extra_css``/``extra_javascript``, ``not_in_nav`` for the
generated pages), so plain MkDocs + Material builds the same pages. Uses: the baseline of
``benchmarks/run.py``, a debugging aid ("what did my entry become?") and a way out.

The configuration is read as YAML, not through MkDocs (only ``mkdocs_adapter/`` imports
mkdocs): tags such as ``!ENV`` are kept as written, so the export still reads
``SITE_URL`` from the environment when it is built.

MkDocs and Zensical take a page's front matter ``title`` for HTML (the nav, the search
index, the theme put it in as it is); the plugin escapes the front matter of generated
pages as MkDocs reads it. The export writes it escaped already
(``render.markdown.html_front_matter``), so both engines show a headline holding ``<`` as
text, without a hook (Zensical runs none).

>>> export_markdown(Path("mkdocs.yml"), Path("/tmp/export"))     # doctest: +SKIP
ExportSummary(pages=13, files=52)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

from . import cli_help
from .build import ASSET_CSS, ASSET_JS, LISTED, generate
from .errors import BriefingError, ContentErrors
from .render.markdown import html_front_matter

PLUGIN = "briefing"


HEADER = (
    "# Exported by `briefing export-markdown`: the generated pages as plain MkDocs files.\n"
    "# Build with `mkdocs build` in this folder; the briefing plugin is not needed.\n"
)


class ExportError(BriefingError):
    """The export cannot be written (a usage problem, not a content error)."""


@dataclass(frozen=True)
class Tagged:
    """A YAML value under a tag MkDocs understands and we need not (``!ENV [SITE_URL, ""]``)."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(cast(yaml.MappingNode, node), deep=True)
    return Tagged(suffix, value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    tag = data.tag if data.tag.startswith("tag:") else "!" + data.tag.lstrip("!")
    if isinstance(data.value, list):
        return dumper.represent_sequence(tag, data.value, flow_style=True)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(tag, data.value)
    return dumper.represent_scalar(tag, str(data.value))


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(Tagged, _represent_tagged)
_Dumper.add_representer(str, _represent_str)


def read_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, unknown tags kept as :class:`Tagged`."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise ExportError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise ExportError(f"{path} is not a mapping of settings")
    return data


def resolve(value: Any) -> Any:
    """The value MkDocs would see: ``!ENV [A, B, default]`` reads the environment."""
    if isinstance(value, Tagged) and value.tag in ("ENV", "!ENV"):
        names = value.value if isinstance(value.value, list) else [value.value]
        for name in names[:-1] if len(names) > 1 else names:
            if os.environ.get(str(name)):
                return os.environ[str(name)]
        return names[-1] if len(names) > 1 else None
    return value


def plugin_items(plugins: Any) -> list[tuple[str, Any]]:
    """``plugins:`` as (name, options) pairs, whichever of MkDocs' two spellings is used."""
    if isinstance(plugins, dict):
        return list(plugins.items())
    items: list[tuple[str, Any]] = []
    for item in plugins or []:
        items.extend(item.items() if isinstance(item, dict) else [(str(item), None)])
    return items


def split_plugins(plugins: Any) -> tuple[list[Any], dict[str, Any]]:
    """(the other plugins as written, the briefing plugin's options); KeyError if absent."""
    pairs = plugin_items(plugins)
    found = [dict(opts or {}) for name, opts in pairs if name == PLUGIN]
    if not found:
        raise KeyError(PLUGIN)
    rest = [name if opts is None else {name: opts} for name, opts in pairs if name != PLUGIN]
    return rest, found[0]


def export_config(config: dict[str, Any], generated: list[str]) -> dict[str, Any]:
    """The project's configuration for plain MkDocs: docs in ``docs/``, no briefing plugin."""
    out = dict(config)
    out["plugins"], options = split_plugins(config.get("plugins"))
    # The plugin's search is Pagefind (mkdocs_adapter/search.py); plain MkDocs searches with
    # Material's.
    names = [name for name, _ in plugin_items(out["plugins"])]
    if options.get("pagefind", True) and not {"search", "material/search"} & set(names):
        out["plugins"] = ["search", *out["plugins"]]
    out["docs_dir"] = "docs"
    out["site_dir"] = "site"
    for key, asset in (("extra_css", ASSET_CSS), ("extra_javascript", ASSET_JS)):
        items = list(out.get(key) or [])
        if asset not in [str(i) for i in items]:
            items.append(asset)
        out[key] = items
    theme = out.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme = dict(theme)
        theme["custom_dir"] = Path(str(theme["custom_dir"])).name
        out["theme"] = theme
    # The plugin keeps every generated page but the LISTED ones out of the navigation;
    # MkDocs' gitignore-style not_in_nav does the same by folder.
    hidden = sorted(
        {"/" + p.split("/")[0] + "/" if "/" in p else "/" + p for p in generated}
        - {"/" + p for p in LISTED if "/" not in p}
    )
    existing = str(out.get("not_in_nav") or "").splitlines()
    out["not_in_nav"] = "\n".join([*existing, *(h for h in hidden if h not in existing)]) + "\n"
    return out


@dataclass(frozen=True)
class ExportSummary:
    pages: int
    files: int


def export_markdown(config_file: Path, out: Path, *, force: bool = False) -> ExportSummary:
    """Generate the site of the project configured by ``config_file``; write it into ``out``.

    Raises :class:`ExportError` for usage problems and ``ContentErrors`` for bad content.
    """
    root = config_file.resolve().parent
    config = read_config(config_file)
    try:
        _, options = split_plugins(config.get("plugins"))
    except KeyError:
        raise ExportError(f"{config_file} does not use the {PLUGIN!r} plugin") from None
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ExportError(f"{out} exists and is not empty (use --force to replace it)")
        if not _is_export(out):
            raise ExportError(f"{out} is not an earlier export; refusing to replace it")
        shutil.rmtree(out)
    content = root / str(options.get("content_dir", "content"))
    site_url = resolve(config.get("site_url"))
    output = generate(
        content,
        root,
        site_url=site_url or None,
        site_name=str(config.get("site_name") or "Briefing"),
    )
    docs = out / "docs"
    hand_written = root / str(config.get("docs_dir", "docs"))
    if hand_written.is_dir():
        shutil.copytree(hand_written, docs)
    docs.mkdir(parents=True, exist_ok=True)
    for path in output.pages:
        if (docs / path).exists():
            raise ExportError(f"{hand_written / path} clashes with a generated page")
    count = 0
    for path, text in output.pages.items():
        _write(docs / path, html_front_matter(text).encode("utf-8"))
    for path, source in output.assets.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, docs / path)
        count += 1
    for path, data in output.files.items():
        _write(docs / path, data if isinstance(data, bytes) else data.encode("utf-8"))
        count += 1
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        custom = root / str(theme["custom_dir"])
        shutil.copytree(custom, out / custom.name)
    for hook in config.get("hooks") or []:  # the project's own hooks, where it keeps them
        (out / str(hook)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / str(hook), out / str(hook))
    text = yaml.dump(
        export_config(config, list(output.pages)),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    (out / "mkdocs.yml").write_text(HEADER + text, encoding="utf-8")
    return ExportSummary(pages=len(output.pages), files=count)


def _is_export(folder: Path) -> bool:
    """Only a folder this command wrote may be replaced with --force."""
    config = folder / "mkdocs.yml"
    try:
        return config.is_file() and config.read_text(encoding="utf-8").startswith(HEADER)
    except (OSError, UnicodeDecodeError):
        return False


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def cmd_export_markdown(args: argparse.Namespace) -> int:
    """Write the generated site as plain Markdown + mkdocs.yml that builds without the plugin."""
    out = Path(args.out_dir)
    try:
        summary = export_markdown(Path(args.config_file), out, force=args.force)
    except ExportError as exc:
        print(f"briefing: error: {exc}", file=sys.stderr)
        return 2
    except ContentErrors as exc:
        print(exc.report())
        return 1
    print(
        f"wrote {summary.pages} pages and {summary.files} other files to {out / 'docs'}; "
        f"build them with: cd {out} && mkdocs build",
        file=sys.stderr,
    )
    return 0


def add_commands(sub: Any) -> None:
    """Register ``export-markdown`` on the ``briefing`` command's subparsers."""
    p = cli_help.add_parser(sub, "export-markdown")
    p.add_argument("out_dir", metavar="OUT_DIR", help="new folder for docs/ and mkdocs.yml")
    p.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="the project's mkdocs.yml (default)"
    )
    p.add_argument("--force", action="store_true", help="replace an earlier export in OUT_DIR")
    p.set_defaults(handler=cmd_export_markdown)
