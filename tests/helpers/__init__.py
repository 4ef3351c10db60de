"""Plain helpers for the tests (no fixtures: those live in ``tests/conftest.py``).

- ``config``: the test app's settings and the PostgreSQL switch;
- ``builders``: rows with sensible defaults (``Builders``, ``unique_phone`` ...);
- ``clients``: a test client that behaves like separate requests, and ``Auth``;
- ``scenes``: whole situations to test in (a fair with booths, a world of one of each);
- ``database``: counting rows, snapshots of every table and putting them back;
- ``html``: reading values out of a page.
"""
