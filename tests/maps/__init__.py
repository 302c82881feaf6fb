"""Tests of generator/maps/: the boundary file the site ships and reads."""
