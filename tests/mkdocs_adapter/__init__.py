"""Tests of generator/mkdocs_adapter/: ``mkdocs serve`` and ``build`` through the plugin, the
swap of ``site/``, the search index, and the engines beyond MkDocs (ProperDocs, Zensical).

Not named ``mkdocs``: as a package it would shadow MkDocs itself."""
