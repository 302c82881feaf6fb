"""Content: YAML text -> checked, resolved objects the rest of the generator trusts.

``load`` (YAML with the line and column of every value; ``yaml11`` names the YAML 1.1
surprises), ``schema`` (pydantic input models: what an editor may write), ``validate``
(documents -> models, every problem as ``path:line:col: field: message [code]``, worded by
``messages``), ``taxonomy`` (the rules of regions and themes), ``safelinks`` (addresses and
text that may be published), ``model`` (the frozen objects), ``entries`` (which files are
entries), ``link`` (indexes by region, theme and month) and ``schedule`` (what the build
day publishes).
"""
