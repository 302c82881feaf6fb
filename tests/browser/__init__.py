"""End-to-end tests of the built site in Debian's Chromium (see ``conftest.py``)."""
