"""The MkDocs adapter: the only folder that imports ``mkdocs``.

``plugin`` (the ``briefing`` plugin: MkDocs events -> the modules below, nothing more),
``generation`` (the pipeline once per build, with the cache; the last good output in
``mkdocs serve``), ``preview`` (what ``mkdocs serve`` rebuilds for, the error banner, the
placeholder), ``files`` (the output as virtual files; feeds and data spilled to disk),
``passthrough`` (HTML blocks skip Python-Markdown), ``search`` (Pagefind: the search
copy of each page, the index and its shards) and ``staging`` (``site/`` swapped in only
on success).

Not named ``mkdocs``: a script run from inside ``generator/`` would import this folder in
place of MkDocs.
"""
