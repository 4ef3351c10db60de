"""The test suite. Imported before any conftest, so before anything loads OpenMP."""

import os

# As in production (gunicorn.conf.py): the matcher kernels' OpenMP threads sleep while
# they wait for work instead of spinning. Two test processes share the two cores
# (pytest-xdist); a spinning thread takes the core the other process needs, and a
# parallel scan then waits for a thread that cannot run (up to ten times slower).
# libgomp reads this when it is first loaded.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
