"""Tests of generator/render/: pages (goldens), charts, feeds, open data, pagination, and
hostile text made inert."""
