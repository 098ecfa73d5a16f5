"""The Redis server that the cache and the job scheduler share, from aether.sdk's REDIS_*."""

from __future__ import annotations

from dataclasses import dataclass

from .env import Env

__all__ = ["SOCKET_TIMEOUT", "RedisServer", "read_redis"]

# connect and read timeout of every Redis client the kit configures (cache, cacheops,
# sessions, jobs): a Redis that cannot be reached, or accepts connections and never
# answers, must cost a request seconds, not minutes (redis-py before 8 waits forever)
SOCKET_TIMEOUT = 3.0


@dataclass(frozen=True)
class RedisServer:
    host: str
    port: int
    password: str | None
    db: int


def read_redis(env: Env) -> RedisServer:
    """REDIS_HOST and REDIS_PORT (required), REDIS_PASSWORD, REDIS_DB (default 0).

    Call it inside ``env.collect_errors()``, so that a missing host or a bad
    port is listed with the caller's other problems.
    """
    return RedisServer(
        host=env.host("REDIS_HOST"),
        port=env.int("REDIS_PORT", min_value=1, max_value=65535),
        password=env.str("REDIS_PASSWORD", None),
        db=env.int("REDIS_DB", 0, min_value=0),
    )
