"""Worker processes forked for the parts of an index build that run beside each other.

A forked child inherits its parent's signal handlers. When the parent had replaced
the default SIGTERM (an RQ worker running jobs in its own process does), the
``SIGTERM`` with which :meth:`multiprocessing.pool.Pool.terminate` ends the workers
only called that handler, the workers never ended, and the build waited for them
forever. Every pool of the matcher is made here, with the defaults restored in its
workers.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
from multiprocessing.pool import Pool


def _default_signals() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def pool(processes: int) -> Pool:
    """A pool of ``processes`` forked workers that a SIGTERM ends (use it as a context)."""
    return mp.get_context("fork").Pool(processes, initializer=_default_signals)
