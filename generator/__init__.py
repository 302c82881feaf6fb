"""Regional risk briefing: article YAML -> Markdown pages with Plotly charts.

The pipeline, one module a stage, plain data between them::

    load -> validate (schema) -> model -> link -> render

Nothing here imports MkDocs except ``generator.plugin``.
"""

from __future__ import annotations

__version__ = "0.1.0"
