from django.core.checks import run_checks

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
