"""Tests of generator/incremental/: the content-hash cache and the second process."""
