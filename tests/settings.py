"""Test settings: the demo service's settings under a test environment.

``AETHER_TEST_DB=postgres`` runs the suite against the real PostgreSQL server
(PGHOST etc. default to the local one); the default is SQLite in memory.
"""

import os

TEST_DB = os.environ.get("AETHER_TEST_DB", "sqlite")
if TEST_DB not in ("sqlite", "postgres"):
    raise RuntimeError(f"AETHER_TEST_DB must be 'sqlite' or 'postgres', not {TEST_DB!r}")

os.environ.update(
    {
        "TESTING": "true",
        "DEBUG": "false",
        "DJANGO_SECRET_KEY": "not-a-secret-only-for-tests",
        "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "APP_NAME": "aether-kit-tests",
        "APP_VERSION": "1.2.3",
        "APP_REVISION": "abc1234",
    }
)
if TEST_DB == "postgres":
    for name, value in {
        "PGHOST": "127.0.0.1",
        "PGPORT": "5432",
        "PGUSER": "postgres",
        "DB_NAME": "aether_kit",
    }.items():
        os.environ.setdefault(name, value)
else:
    os.environ.pop("PGHOST", None)
    os.environ["SQLITE_PATH"] = ":memory:"

from testproject.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# cacheops connects once per process, so it is given the private redis-server that the
# cache tests start and stop (tests/redis_server.py); it stays off until a test enables it
from aether_kit.conf import Env, configure_cache  # noqa: E402
from tests.services import closed_port  # noqa: E402

_cacheops = configure_cache(
    Env(
        {
            "DJANGO_USE_CACHE": "true",
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(closed_port()),
            "REDIS_DB_CACHEOPS": "0",
        }
    )
)
CACHEOPS_REDIS = _cacheops["CACHEOPS_REDIS"]
CACHEOPS = _cacheops["CACHEOPS"]
CACHEOPS_DEFAULTS = _cacheops["CACHEOPS_DEFAULTS"]
CACHEOPS_DEGRADE_ON_FAILURE = True
CACHEOPS_CLIENT_CLASS = _cacheops["CACHEOPS_CLIENT_CLASS"]
CACHEOPS_ENABLED = False
# Scheduler and profiler are installed for their tests: jobs go to Redis database 5
# (AETHER_TEST_RQ_DB), and silk's middleware is added only by the tests that record requests.
from aether_kit.conf import configure_profiling, configure_scheduler  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "cacheops", "django_rq", "silk"]  # noqa: F405
globals().update(
    configure_scheduler(
        Env(
            {
                "SCHEDULER_REQUIRED": "true",
                "REDIS_HOST": "127.0.0.1",
                "REDIS_PORT": "6379",
                "REDIS_DB": os.environ.get("AETHER_TEST_RQ_DB", "5"),
            }
        )
    )
)
globals().update(configure_profiling(Env({"PROFILING_ENABLED": "true"})))
# silk's middleware is left out on purpose (see above), and the tests run with DEBUG off
SILENCED_SYSTEM_CHECKS = ["aether_kit.E064", "aether_kit.W060"]
