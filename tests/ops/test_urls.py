from aether_kit.ops.urls import ops_admin_urls


def routes(settings) -> dict[str, str]:
    return {str(url.pattern): url.name for url in ops_admin_urls(settings.ADMIN_URL)}


def test_no_operations_endpoint_while_everything_is_off(settings):
    settings.DJANGO_USE_CACHE = False
    settings.METRICS_ENABLED = False

    assert routes(settings) == {}


def test_purge_cache_under_the_admin_url_while_the_cache_is_on(settings):
    settings.DJANGO_USE_CACHE = True
    settings.ADMIN_URL = "manage"

    assert routes(settings) == {"manage/~purge-cache": "purge-cache"}


def test_metrics_under_the_admin_url_while_metrics_are_on(settings):
    settings.METRICS_ENABLED = True

    assert routes(settings) == {"admin/~prometheus/metrics": "prometheus-django-metrics"}
