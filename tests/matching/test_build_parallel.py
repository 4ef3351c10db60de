"""The parallel parts of an index build give exactly what the serial ones give."""

from __future__ import annotations

import numpy as np

from matching import ngrams
from matching.rescore import WordStats
from matching.vectorizer import CharNgramTfidf

BASE = [
    "外卖 骑手 送餐", "快递员 派件", "货车司机 b2",
    "外卖骑手", "直播 带货 主播", "想找 仓库 分拣 的工作",
]  # fmt: skip


def _texts(n: int) -> list[str]:
    return [f"{BASE[i % len(BASE)]} {BASE[(i * 7) % len(BASE)][: 1 + i % 4]}" for i in range(n)]


def test_text_rows_from_worker_processes_equal_the_serial_rows(monkeypatch):
    monkeypatch.setattr(ngrams, "_CHUNK_DOCS", 64)  # several batches from a small list
    texts = _texts(500)
    v = CharNgramTfidf(ngram_range=(1, 2)).fit(texts[:200])
    want_t, want_w = v.transform_ell(texts, 5)
    for jobs in (1, 2):
        chunks = list(v.transform_ell_chunks(texts, 5, n_jobs=jobs, min_parallel=0))
        assert [c[0] for c in chunks] == list(range(0, 500, 64))
        assert chunks[-1][1] == 500
        np.testing.assert_array_equal(np.concatenate([c[2] for c in chunks]), want_t)
        np.testing.assert_array_equal(np.concatenate([c[3] for c in chunks]), want_w)


def test_word_statistics_counted_in_the_background_are_the_same():
    texts = _texts(300)
    direct = WordStats(texts)
    background = WordStats.in_background(texts)()
    assert background.idf == direct.idf
    assert (background.n_docs, background.avg_len) == (direct.n_docs, direct.avg_len)
    assert background.vector(texts[3]) == direct.vector(texts[3])


def _sigterm_is_default(_):
    import signal

    return signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_build_workers_end_on_sigterm_even_when_this_process_catches_it():
    """An RQ worker that runs jobs in its own process installs its own SIGTERM handler.
    Forked workers inherited it: the SIGTERM that ends a pool (whenever a worker had not
    yet read its stop message) only ran the handler, and the build waited forever (seen
    in the test suite). The matcher's workers restore the default."""
    import signal

    from matching import forked

    texts = _texts(300)
    v = CharNgramTfidf(ngram_range=(1, 2)).fit(texts[:100])
    old = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        with forked.pool(2) as pool:
            assert all(pool.map(_sigterm_is_default, range(4)))
        chunks = list(v.transform_ell_chunks(texts, 5, n_jobs=2, min_parallel=0))
        stats = WordStats.in_background(texts)()
    finally:
        signal.signal(signal.SIGTERM, old)
    assert chunks[-1][1] == 300
    assert stats.n_docs == 300


def test_a_pool_ended_before_its_workers_have_started_still_ends(monkeypatch):
    """The race left by restoring the defaults in the workers' initializer: a SIGTERM
    that reached a worker before it ran the initializer went to the inherited handler.
    Here every worker is slow to start, and the pool is ended at once."""
    import os
    import signal
    import threading
    import time

    from matching import forked

    restore = forked._default_signals

    def slow_start():
        time.sleep(0.5)
        restore()

    monkeypatch.setattr(forked, "_default_signals", slow_start)
    old = signal.signal(signal.SIGTERM, lambda *_: None)
    pids = []
    try:
        pool = forked.pool(2)
        pids = [w.pid for w in pool._pool]
        ended = threading.Event()
        threading.Thread(target=lambda: (pool.terminate(), ended.set()), daemon=True).start()
        assert ended.wait(15), "the pool waited for a worker that swallowed its SIGTERM"
    finally:
        signal.signal(signal.SIGTERM, old)
        for pid in pids:  # never leave a stuck worker behind, pass or fail
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_word_statistics_are_the_same_bytes_whatever_the_hash_seed(tmp_path):
    """The words are counted through sets, whose order follows the process's string
    hashing: two processes with other seeds must still write the same snapshot arrays."""
    import os
    import subprocess
    import sys

    script = (
        "import sys, numpy as np\n"
        "from matching.rescore import WordStats\n"
        "from tests.matching.test_build_parallel import _texts\n"
        "a = WordStats(_texts(300)).arrays()\n"
        "np.savez(sys.argv[1], **a)\n"
    )
    blobs = []
    for seed in ("1", "2"):
        out = tmp_path / f"stats{seed}.npz"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env)
        with np.load(out) as arrays:
            blobs.append({k: arrays[k].tobytes() for k in arrays.files})
    assert blobs[0] == blobs[1]
