from __future__ import annotations

from aether_kit.conf.profiling import SILK_MIDDLEWARE
from aether_kit.ops.install_checks import (
    check_component_apps,
    check_profiler,
    check_scheduler_queue,
)


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_installed_components_pass(settings):
    settings.WEBPACK_REQUIRED = False

    assert check_component_apps(None) == []


def test_scheduler_without_django_rq_is_an_error(settings):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "django_rq"]

    assert ids(check_component_apps(None)) == ["aether_kit.E060"]


def test_profiling_without_silk_app_is_an_error(settings):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "silk"]

    assert ids(check_component_apps(None)) == ["aether_kit.E061"]


def test_webpack_without_the_loader_app_is_an_error(settings):
    settings.WEBPACK_REQUIRED = True

    assert ids(check_component_apps(None)) == ["aether_kit.E062"]


def test_scheduler_without_a_default_queue_is_an_error(settings):
    settings.RQ_QUEUES = {"low": settings.RQ_QUEUES["default"]}

    assert ids(check_scheduler_queue(None)) == ["aether_kit.E063"]


def test_profiler_without_its_middleware_is_an_error(settings):
    settings.DEBUG = True

    assert ids(check_profiler(None)) == ["aether_kit.E064"]


def test_open_profiler_pages_are_an_error(settings):
    settings.DEBUG = True
    settings.MIDDLEWARE = [SILK_MIDDLEWARE, *settings.MIDDLEWARE]
    settings.SILKY_AUTHORISATION = False

    messages = check_profiler(None)

    assert ids(messages) == ["aether_kit.E065"]
    assert "SILKY_AUTHORISATION" in messages[0].msg


def test_profiling_in_production_is_a_warning(settings):
    settings.DEBUG = False
    settings.MIDDLEWARE = [SILK_MIDDLEWARE, *settings.MIDDLEWARE]

    assert ids(check_profiler(None)) == ["aether_kit.W060"]


def test_checks_are_quiet_while_components_are_off(settings):
    settings.PROFILING_ENABLED = False
    settings.SCHEDULER_REQUIRED = False
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "silk"]

    assert check_component_apps(None) + check_profiler(None) + check_scheduler_queue(None) == []
