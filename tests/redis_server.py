"""Real Redis for the tests: databases of the shared server, and a private server to stop.

The shared server (127.0.0.1:6379) serves the happy paths, each test in its
own database number (1 to 4), flushed before and after. What happens while
Redis is down is tested against a private ``redis-server`` started on a free
port, stopped and started again on the same port, or through a fault proxy
in front of the shared server that can refuse or go silent (``redis_fault``).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.conf import settings

from aether_kit.breaker import CircuitBreaker
from aether_kit.conf import Env, configure_cache
from aether_kit.ops.redis import redis_breaker
from tests.faultproxy import FaultProxy
from tests.services import REDIS, closed_port, is_reachable, require_service, under_ci

REDIS_DATABASES = (1, 2, 3, 4)


class RedisServer:
    """A throw-away redis-server process on 127.0.0.1 without persistence.

    With ``password`` it refuses every command until a client authenticates.
    """

    def __init__(self, port: int | None = None, password: str | None = None) -> None:
        self.port = port or closed_port()
        self.password = password
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        if self.process is not None:
            return
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("redis-server is not installed")
        self.process = subprocess.Popen(  # noqa: S603
            [
                *(executable, "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
                *(("--requirepass", self.password) if self.password else ()),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            if is_reachable(self.address, timeout=0.1):
                return
            time.sleep(0.025)
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None


def redis_cache(location: str, **options: Any) -> dict[str, Any]:
    """A django-redis cache as configure_cache writes it, at ``location``."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "TIMEOUT": 300,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            **options,
        },
    }


def configured_cache(port: int, **variables: str) -> dict[str, Any]:
    """What ``configure_cache`` writes for Redis on 127.0.0.1:``port``, Django's cache on."""
    return configure_cache(
        Env(
            {
                "DJANGO_USE_CACHE": "true",
                "REDIS_DJANGO_CACHE": "true",
                "REDIS_HOST": "127.0.0.1",
                "REDIS_PORT": str(port),
                **variables,
            }
        )
    )


def down_redis_cache(db: int = 1) -> dict[str, Any]:
    """A django-redis cache whose Redis is down: nothing listens on its port."""
    return redis_cache(f"redis://127.0.0.1:{closed_port()}/{db}")


def shared_redis_url(db: int) -> str:
    assert db in REDIS_DATABASES, f"the tests may use Redis databases {REDIS_DATABASES} only"
    return f"redis://{REDIS[0]}:{REDIS[1]}/{db}"


@pytest.fixture
def shared_redis() -> Iterator[redis.Redis]:
    """The shared server; every database the tests may use is flushed around the test."""
    require_service("Redis", REDIS)
    clients = [redis.Redis(host=REDIS[0], port=REDIS[1], db=db) for db in REDIS_DATABASES]
    for client in clients:
        client.flushdb()
    yield clients[0]
    for client in clients:
        client.flushdb()
        client.close()


_private_server: RedisServer | None = None

REDIS_PASSWORD = "test-redis-password"


def require_redis_server() -> None:
    """Skip (or, under CI, fail) the calling test when redis-server is not installed."""
    if shutil.which("redis-server") is None:
        if under_ci():
            pytest.fail("redis-server is not installed (CI is set, so this is a failure)")
        pytest.skip("redis-server is not installed")


@pytest.fixture(scope="session")
def private_redis_server() -> Iterator[RedisServer]:
    """One per test run, shared by every package that imports this fixture."""
    global _private_server
    require_redis_server()
    if _private_server is None:
        # the port cacheops was configured with in tests/settings.py
        _private_server = RedisServer(settings.CACHEOPS_REDIS["port"])
    yield _private_server
    _private_server.stop()


@pytest.fixture
def private_redis(private_redis_server: RedisServer) -> Iterator[RedisServer]:
    """A private redis-server, running and empty at the start of the test."""
    private_redis_server.start()
    client = redis.Redis(host="127.0.0.1", port=private_redis_server.port)
    client.flushall()
    client.close()
    yield private_redis_server
    private_redis_server.start()


@pytest.fixture(scope="session")
def password_redis_server() -> Iterator[RedisServer]:
    """A private redis-server started with ``--requirepass REDIS_PASSWORD``, for the whole run."""
    require_redis_server()
    server = RedisServer(password=REDIS_PASSWORD)
    server.start()
    yield server
    server.stop()


def drop_django_redis_pools(server: RedisServer) -> None:
    """Forget django-redis' connection pools to ``server``.

    django-redis keeps one pool per URL for the whole process, and the
    password is not part of the URL: without this, a cache configured with a
    wrong password would reuse the connections an earlier test authenticated.
    """
    from django_redis.pool import ConnectionFactory

    prefix = server.url(0).rsplit("/", 1)[0] + "/"
    for url in [url for url in ConnectionFactory._pools if url.startswith(prefix)]:
        ConnectionFactory._pools.pop(url).disconnect()


@pytest.fixture
def password_redis(password_redis_server: RedisServer) -> Iterator[RedisServer]:
    """The password-protected server, with no connection left over from another test."""
    drop_django_redis_pools(password_redis_server)
    yield password_redis_server
    drop_django_redis_pools(password_redis_server)


class RedisFault:
    """Every Redis client of the kit (cache, cacheops, jobs) reaching the shared server
    through one :class:`~tests.faultproxy.FaultProxy`, as configured by ``configure_*``.

    Django's cache uses database 2, cacheops 1 and the job queue 3 of the shared server.
    """

    def __init__(self, proxy: FaultProxy) -> None:
        self.proxy = proxy

    @property
    def breaker(self) -> CircuitBreaker:
        return redis_breaker(*self.proxy.address)


@pytest.fixture
def redis_fault(shared_redis: redis.Redis, settings: Any) -> Iterator[RedisFault]:
    """Django's cache, cacheops and the default job queue all behind one fault proxy."""
    from cacheops.conf import prepare_profiles
    from cacheops.redis import redis_client

    from aether_kit.ops.redis import BreakerRedis

    proxy = FaultProxy(REDIS)
    proxy.start()
    conf = configured_cache(
        proxy.port,
        REDIS_DB_CACHEOPS="1",
        REDIS_DB_CACHE_DJANGO="2",
        REDIS_SESSION_CACHE="false",
        APP_MODULE="testproject",
    )
    settings.DJANGO_USE_CACHE = True
    settings.CACHES = conf["CACHES"]
    settings.CACHEOPS_ENABLED = True
    settings.CACHEOPS = conf["CACHEOPS"]
    settings.RQ_QUEUES = {
        "default": dict(settings.RQ_QUEUES["default"], PORT=proxy.port, DB=3),
    }
    # cacheops keeps one client for the process: its pool is swapped for the test's
    original_pool = redis_client.connection_pool
    redis_client.connection_pool = BreakerRedis(**conf["CACHEOPS_REDIS"]).connection_pool
    prepare_profiles.invalidate_all()  # cacheops remembers the profiles it read
    try:
        yield RedisFault(proxy)
    finally:
        redis_client.connection_pool.disconnect()
        redis_client.connection_pool = original_pool
        prepare_profiles.invalidate_all()
        proxy.close()
