"""Regional risk briefing: article YAML -> Markdown pages with Plotly charts.

The pipeline, plain data between its stages (``ARCHITECTURE.md`` is the map)::

    content (load -> validate -> model -> link) -> render -> mkdocs_adapter

Nothing here imports MkDocs except ``generator.mkdocs_adapter``.
"""

from __future__ import annotations

__version__ = "0.1.0"
