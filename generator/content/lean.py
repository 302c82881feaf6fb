"""The lean read of a YAML file, for ``load``: most files are clean, and need neither the
positions nor the checks of the full walk (``load._Walker``) to be built.

:class:`Loader` is libyaml's safe loader with the tag of each short plain text remembered;
:func:`quick` builds a clean file's data and gives up (:class:`Unclean`) at anything the
full walk might report or count, which then reads the file.

>>> quick(yaml.compose("a: [1, x]\\n", Loader=Loader), set())
{'a': [1, 'x']}
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .yaml11 import yaml11_form

MAX_DEPTH = 32
_TAG = "tag:yaml.org,2002:"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

_Safe: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Short plain scalars seen, and the tag YAML 1.1 resolves each to (``Loader.resolve``).
_RESOLVED: dict[str, str] = {}
_SHORT, _REMEMBERED = 32, 1 << 16


class Loader(_Safe):  # type: ignore[valid-type,misc]
    """libyaml's safe loader, which asks Python for the tag of every plain scalar (a few
    regular expressions each): the answer depends on the text alone, so the tags of short
    texts, which repeat (``true``, dates, ids, words of a list), are remembered."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= _SHORT and len(_RESOLVED) < _REMEMBERED:
                    _RESOLVED[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

    # libyaml calls these for every node; with no path resolvers (none is ever added to
    # the safe loader) they do nothing.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class Unclean(Exception):
    """Raised by :func:`quick` where the full walk must look (it may be fine)."""


_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_INT, _BOOL, _NULL = _TAG + "int", _TAG + "bool", _TAG + "null"
_BUILT = {_TAG + "float", _TAG + "timestamp"}
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")


def quick(node: yaml.Node, collections: set[int], depth: int = 0) -> Any:
    """The data of a node tree that is plainly clean, as ``load._Walker`` builds it;
    raises :class:`Unclean` at anything the walker might report or count (then the
    walker reads the file). No positions: a clean file's are found again when asked."""
    kind = type(node)
    if depth > MAX_DEPTH:
        raise Unclean
    if kind is yaml.ScalarNode:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _INT and _PLAIN_INT.fullmatch(text):
            return int(text)
        if tag == _BOOL and text in ("true", "false"):
            return text == "true"
        if tag == _NULL:
            return None
        if tag in _BUILT and yaml11_form(tag.removeprefix(_TAG), text) is None:
            try:
                return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
            except (ValueError, OverflowError):
                raise Unclean from None
        raise Unclean
    if id(node) in collections:  # an alias of a list or mapping: the walker counts them
        raise Unclean
    collections.add(id(node))
    if kind is yaml.MappingNode and node.tag == _MAP:
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if type(knode) is not yaml.ScalarNode or knode.tag != _STR or knode.value in out:
                raise Unclean
            out[knode.value] = quick(vnode, collections, depth + 1)
        return out
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [quick(v, collections, depth + 1) for v in node.value]
    raise Unclean
