import pytest
from django.core.checks import run_checks

from aether_kit.conf import Env, configure_cache, configure_scheduler
from aether_kit.ops import checks
from aether_kit.ops.checks import REQUEST_ID_MIDDLEWARE
from tests.redis_server import redis_cache


def check_ids() -> set[str]:
    return {message.id for message in run_checks()}


def test_cacheops_configured_but_not_installed_is_an_error(settings):
    settings.DJANGO_USE_CACHE = True
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "cacheops"]

    assert "aether_kit.E050" in check_ids()


def test_a_redis_cache_that_raises_on_outages_is_warned_about(settings):
    cache = redis_cache("redis://127.0.0.1:6379/2")
    cache["OPTIONS"]["IGNORE_EXCEPTIONS"] = False
    settings.CACHES = {"default": cache}

    assert "aether_kit.W050" in check_ids()


def test_a_redis_cache_that_ignores_outages_is_fine(settings):
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:6379/2")}

    assert "aether_kit.W050" not in check_ids()


def test_request_id_middleware_late_in_the_stack_is_warned_about(settings):
    others = [name for name in settings.MIDDLEWARE if name != REQUEST_ID_MIDDLEWARE]
    settings.MIDDLEWARE = [*others, REQUEST_ID_MIDDLEWARE]

    assert "aether_kit.W051" in check_ids()


def test_the_demo_settings_pass_every_check(settings):
    silenced = set(settings.SILENCED_SYSTEM_CHECKS)
    assert not {i for i in check_ids() if i.startswith("aether_kit.") and i not in silenced}


# -- the cache and the job queues in one Redis database -----------------------------------


def queue(host="127.0.0.1", port=6379, db=5):
    return {"default": {"HOST": host, "PORT": port, "DB": db}}


def shared_database_warnings():
    return [m.id for m in checks.check_cache_and_jobs_share_no_redis_database(None)]


def test_cacheops_in_the_job_queues_database_is_warned_about(settings):
    settings.CACHEOPS_REDIS = {"host": "127.0.0.1", "port": 6379, "db": 5}
    settings.RQ_QUEUES = queue()

    assert shared_database_warnings() == ["aether_kit.W083"]


def test_a_django_redis_cache_in_the_job_queues_database_is_warned_about(settings):
    settings.CACHEOPS_REDIS = None
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:6379/5")}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/5"}}

    assert shared_database_warnings() == ["aether_kit.W083"]


@pytest.mark.parametrize(
    "other",
    [queue(db=6), queue(port=6380), queue(host="jobs.internal")],
    ids=["db", "port", "host"],
)
def test_the_cache_and_the_queues_in_different_databases_pass(settings, other):
    settings.CACHEOPS_REDIS = {"host": "127.0.0.1", "port": 6379, "db": 5}
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:6379/5")}
    settings.RQ_QUEUES = other

    assert shared_database_warnings() == []


def test_the_configure_functions_sharing_redis_db_with_cacheops_are_warned_about(settings):
    env = Env(
        {
            "DJANGO_USE_CACHE": "true",
            "SCHEDULER_REQUIRED": "true",
            "REDIS_HOST": "redis",
            "REDIS_PORT": "6379",
            "REDIS_DB": "2",
            "REDIS_DB_CACHEOPS": "2",
        }
    )
    settings.CACHEOPS_REDIS = configure_cache(env)["CACHEOPS_REDIS"]
    settings.RQ_QUEUES = configure_scheduler(env)["RQ_QUEUES"]

    assert shared_database_warnings() == ["aether_kit.W083"]


def test_the_configure_functions_defaults_keep_the_cache_and_the_jobs_apart(settings):
    env = Env(
        {
            "DJANGO_USE_CACHE": "true",
            "REDIS_DJANGO_CACHE": "true",
            "SCHEDULER_REQUIRED": "true",
            "REDIS_HOST": "redis",
            "REDIS_PORT": "6379",
        }
    )
    configured = configure_cache(env)
    settings.CACHEOPS_REDIS, settings.CACHES = configured["CACHEOPS_REDIS"], configured["CACHES"]
    settings.RQ_QUEUES = configure_scheduler(env)["RQ_QUEUES"]

    assert shared_database_warnings() == []
