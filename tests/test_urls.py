"""aether_kit.urls: the kit's URLs as two lists that follow the settings."""

from __future__ import annotations

from django.urls import URLResolver

from aether_kit.health import urls as health_urls
from aether_kit.urls import app_urls, public_urls


def patterns(urls) -> list[str]:
    return [str(url.pattern) for url in urls]


def test_app_urls_are_the_health_endpoints_the_token_view_and_the_top_logout():
    *health, token, logout = app_urls()

    assert [pattern.name for pattern in health] == [
        pattern.name for pattern in health_urls.urlpatterns
    ]
    assert (str(token.pattern), token.name) == ("token", "token")
    assert (str(logout.pattern), logout.name) == ("logout", "logout")


def test_app_urls_are_one_flat_list_without_includes():
    # each include is a resolver every API request goes through before the service's own
    assert not any(isinstance(pattern, URLResolver) for pattern in app_urls())


def test_the_user_tokens_page_follows_its_setting(settings):
    settings.CHECK_TOKEN_URL = "my-tokens"

    assert "my-tokens" in patterns(app_urls())


def test_the_token_url_follows_the_setting(settings):
    settings.TOKEN_URL = "api-token"

    assert "api-token" in patterns(app_urls())


def test_admin_and_sign_in_follow_their_settings(settings):
    settings.ADMIN_URL = "manage"
    settings.AUTH_URL = "sso"
    settings.SCHEDULER_REQUIRED = settings.PROFILING_ENABLED = False

    assert patterns(public_urls()) == ["manage/", "manage/", "sso/"]


def test_the_operations_pages_switched_on_come_before_the_admin_catch_all(settings):
    settings.DJANGO_USE_CACHE = True

    urls = patterns(public_urls())

    assert urls.index("admin/~purge-cache") < urls.index("admin/")
