import pytest
from django.urls import URLResolver

from aether_kit.ops.urls import ops_admin_urls


@pytest.fixture(autouse=True)
def everything_off(settings):
    settings.DJANGO_USE_CACHE = False
    settings.METRICS_ENABLED = False
    settings.SCHEDULER_REQUIRED = False
    settings.PROFILING_ENABLED = False


def routes(settings) -> dict[str, str | None]:
    """Path -> URL name, or -> namespace for an included dashboard."""
    found: dict[str, str | None] = {}
    for url in ops_admin_urls(settings.ADMIN_URL):
        if isinstance(url, URLResolver):
            found[str(url.pattern)] = url.namespace
        else:
            found[str(url.pattern)] = url.name
    return found


def test_no_operations_endpoint_while_everything_is_off(settings):
    assert routes(settings) == {}


def test_purge_cache_under_the_admin_url_while_the_cache_is_on(settings):
    settings.DJANGO_USE_CACHE = True
    settings.ADMIN_URL = "manage"

    assert routes(settings) == {"manage/~purge-cache": "purge-cache"}


def test_metrics_under_the_admin_url_while_metrics_are_on(settings):
    settings.METRICS_ENABLED = True

    assert routes(settings) == {"admin/~prometheus/metrics": "prometheus-django-metrics"}


def test_job_dashboard_under_the_admin_url_while_the_scheduler_is_on(settings):
    settings.SCHEDULER_REQUIRED = True

    assert routes(settings) == {"admin/~rq/": "django_rq"}


def test_profiler_under_the_admin_url_while_profiling_is_on(settings):
    settings.PROFILING_ENABLED = True
    settings.ADMIN_URL = "/manage/"

    assert routes(settings) == {"manage/~silk/": "silk"}
