"""The MkDocs adapter: the only folder that imports ``mkdocs``.

``plugin`` (the ``briefing`` plugin: MkDocs events -> the stages), ``preview`` (what
``mkdocs serve`` rebuilds for), ``staging`` (``site/`` swapped in only on success),
``search`` (the Pagefind index) and ``passthrough`` (HTML blocks skip Python-Markdown).

Not named ``mkdocs``: a script run from inside ``generator/`` would import this folder in
place of MkDocs.
"""
