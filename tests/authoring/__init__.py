"""Tests of generator/authoring/: ``briefing new``, ``briefing import`` and
``briefing reference`` as an editor runs them."""
