"""Flask-Limiter's storage: Redis, shared by every worker, or this process's memory
while Redis cannot be reached.

Flask-Limiter's own ``RATELIMIT_IN_MEMORY_FALLBACK_ENABLED`` replaces every route's
limits by one global list while the storage is down, so the sign-in and text-message
limits would be gone during an outage. This storage keeps them: the same limits are
counted in the process's memory instead (each worker then allows its own share,
``workers x limit`` at most), Redis is tried again every ``RETRY_SECONDS``, and the
switch is logged once each way. ``configure`` selects it for ``REDIS_URL``
(``jobfair+redis://...``, the rest of the URL as Redis takes it).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from limits.storage import MemoryStorage, RedisStorage, Storage

log = logging.getLogger(__name__)
SCHEME_PREFIX = "jobfair+"
RETRY_SECONDS = 5.0


class RedisWithMemoryFallback(Storage):
    """Counters in Redis; in this process's memory while Redis is down."""

    STORAGE_SCHEME = ["jobfair+redis", "jobfair+rediss", "jobfair+unix"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        url = uri.removeprefix(SCHEME_PREFIX)
        if url.startswith("unix://"):
            url = "redis+" + url  # limits' name for a Redis socket
        self.redis = RedisStorage(url, **options)
        self.memory = MemoryStorage()
        self._down_until = 0.0  # monotonic time of the next try while Redis is down
        self._lock = threading.Lock()

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return self.redis.base_exceptions

    @property
    def on_fallback(self) -> bool:
        return self._down_until > 0

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if self._down_until and time.monotonic() < self._down_until:
            return getattr(self.memory, name)(*args, **kwargs)
        try:
            result = getattr(self.redis, name)(*args, **kwargs)
        except (*_as_tuple(self.redis.base_exceptions), OSError) as e:
            with self._lock:
                if not self._down_until:
                    log.warning(
                        "rate-limit store (Redis) unreachable (%s); counting limits in "
                        "this process's memory until it returns",
                        type(e).__name__,
                    )
                self._down_until = time.monotonic() + RETRY_SECONDS
            return getattr(self.memory, name)(*args, **kwargs)
        if self._down_until:
            with self._lock:
                if self._down_until:
                    self._down_until = 0.0
                    log.warning("rate-limit store (Redis) reachable again; limits shared again")
        return result

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return self._call("incr", key, expiry, amount=amount)

    def get(self, key: str) -> int:
        return self._call("get", key)

    def get_expiry(self, key: str) -> float:
        return self._call("get_expiry", key)

    def check(self) -> bool:
        return bool(self._call("check"))

    def reset(self) -> int | None:
        return self._call("reset")

    def clear(self, key: str) -> None:
        return self._call("clear", key)


def _as_tuple(exceptions) -> tuple[type[Exception], ...]:
    return exceptions if isinstance(exceptions, tuple) else (exceptions,)


def storage_uri(redis_url: str | None) -> str:
    """The ``RATELIMIT_STORAGE_URI`` for ``REDIS_URL`` (``memory://`` without one)."""
    if not redis_url:
        return "memory://"
    if redis_url.startswith(("redis://", "rediss://", "unix://")):
        return SCHEME_PREFIX + redis_url
    return redis_url  # some other storage limits knows (memcached://, ...): as given
