"""The built site read as a reader, a crawler or a feed reader reads it: pages, links,
sharing metadata, scheduled entries, reproducible output.

Not named ``site``: as a package it would shadow the standard library's ``site``."""
