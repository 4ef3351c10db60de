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

_STOP = {signal.SIGTERM, signal.SIGINT}


def _default_signals() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP)  # one sent meanwhile ends us now


def pool(processes: int) -> Pool:
    """A pool of ``processes`` forked workers that a SIGTERM ends (use it as a context).

    The workers are forked with SIGTERM and SIGINT blocked, and unblock them once their
    defaults are back: a pool ended before a worker had run its initializer (a pool
    whose work another worker had already done, on a busy machine) sent that worker a
    SIGTERM its inherited handler swallowed, and the pool waited for it forever (seen
    once in the test suite after the defaults were first restored). Blocked, the signal
    waits for the defaults. This process blocks them only while it forks.
    """
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP)
    try:
        return mp.get_context("fork").Pool(processes, initializer=_default_signals)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
