"""Tests of generator/content/: loading, validation (each rule's exact message), the taxonomy,
the model and its links, which files are entries."""
