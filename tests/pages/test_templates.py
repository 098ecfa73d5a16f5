"""Every page renders for anonymous and signed-in visitors, branded, with no inline code."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from aether_kit.auth.keycloak.forms import RealmForm, RealmPasswordForm
from aether_kit.testing.html import inline_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_urls")]

VISITORS = ["anonymous", "signed-in"]


@pytest.fixture(params=VISITORS)
def visitor(request: pytest.FixtureRequest, realm_user: Any) -> tuple[Client, Any]:
    """A test client and its user: nobody, or ``eha__user`` signed in to realm ``eha``."""
    if request.param == "anonymous":
        return Client(), AnonymousUser()
    return request.getfixturevalue("make_realm_client")(user=realm_user), realm_user


def assert_branded(html: str) -> None:
    assert "<b>Acme</b> Health" in html  # APP_NAME_HTML is markup
    assert "Acme Health</title>" in html
    assert 'src="https://cdn.acme.example/logo.png"' in html
    assert 'rel="icon" href="/static/acme/favicon.ico"' in html
    assert 'href="/static/acme/brand.css"' in html
    assert '<meta name="description" content="Acme&#x27;s records service">' in html
    assert '<meta name="version" content="4.5.6">' in html
    assert '<html lang="' in html
    assert '<main id="main"' in html
    assert inline_code(html) == []


def assert_signed_in_nav(html: str) -> None:
    assert "<span data-user-name>user</span>" in html  # realm prefix stripped
    assert '<form class="ak-inline-form" method="post" action="/accounts/logout">' in html
    assert 'name="csrfmiddlewaretoken"' in html


def render_page(template: str, user: Any, **context: Any) -> str:
    request = RequestFactory().get("/page")
    request.user = user
    return render_to_string(template, context, request=request)


def test_login_page_renders_branded_form(branded: dict[str, str], visitor: Any) -> None:
    client, _ = visitor

    response = client.get("/accounts/login?next=/pages/groups/")

    html = response.content.decode()
    assert response.status_code == 200
    assert_branded(html)
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert 'name="next" value="/pages/groups/"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_login_page_links_errors_to_their_fields(branded: dict[str, str], realm_user: Any) -> None:
    response = Client().post("/accounts/login", {"username": "", "password": ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_username_errors"' in html
    assert '<ul class="ak-field__errors" id="id_username_errors">' in html


def test_login_with_a_wrong_password_says_so(branded: dict[str, str], realm_user: Any) -> None:
    response = Client().post("/accounts/login", {"username": "eha__user", "password": "wrong"})

    assert response.status_code == 200
    assert 'class="ak-alert ak-alert--error" role="alert"' in response.content.decode()


def test_logged_out_page_renders_after_sign_out(branded: dict[str, str], visitor: Any) -> None:
    client, _ = visitor

    response = client.post("/accounts/logout")

    html = response.content.decode()
    assert response.status_code == 200
    assert_branded(html)
    assert "Thank you for using Acme Health" in html
    assert 'href="/accounts/login"' in html


def test_api_page_renders_for_every_visitor(branded: dict[str, str], visitor: Any) -> None:
    client, user = visitor

    response = client.get("/pages/groups/", HTTP_ACCEPT="text/html")

    html = response.content.decode()
    assert response.status_code == (200 if user.is_authenticated else 401)
    assert_branded(html)
    assert "<h1>Group List</h1>" in html
    if user.is_authenticated:
        assert_signed_in_nav(html)
        assert "Create (POST, HTML form)" in html
    else:
        assert 'href="/accounts/login?next=/pages/groups/"' in html


def test_api_page_shows_the_response_and_pagination(
    branded: dict[str, str], realm_client: Client, settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    from django.contrib.auth.models import Group

    Group.objects.create(name="second")

    html = realm_client.get("/pages/groups/", HTTP_ACCEPT="text/html").content.decode()

    assert "HTTP 200 OK" in html
    assert "&quot;name&quot;: &quot;eha&quot;" in html
    assert '<nav class="ak-pager"' in html


def test_admin_renderer_page_lists_records(branded: dict[str, str], visitor: Any) -> None:
    client, user = visitor

    response = client.get("/pages/admin-groups/", HTTP_ACCEPT="text/html")

    html = response.content.decode()
    assert response.status_code == (200 if user.is_authenticated else 401)
    assert_branded(html)
    if user.is_authenticated:
        assert '<th scope="col">Name</th>' in html
        assert "<td>eha</td>" in html
        assert_signed_in_nav(html)
    else:
        assert "<td>eha</td>" not in html


def test_admin_renderer_page_shows_one_record(
    branded: dict[str, str], realm_client: Client
) -> None:
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="eha")

    html = realm_client.get(f"/pages/admin-groups/{group.pk}/").content.decode()

    assert '<th scope="row">Name</th><td>eha</td>' in html
    assert inline_code(html) == []


@pytest.mark.parametrize("user_kind", VISITORS)
def test_realm_choice_page_renders(
    branded: dict[str, str], realm_user: Any, user_kind: str
) -> None:
    user = realm_user if user_kind == "signed-in" else AnonymousUser()

    html = render_page("aether_kit/login_realm.html", user, form=RealmForm(), next="/x")

    assert_branded(html)
    assert '<label for="id_realm">Realm</label>' in html
    assert 'name="next" value="/x"' in html
    assert ">Continue</button>" in html


@pytest.mark.parametrize("user_kind", VISITORS)
def test_keycloak_login_page_renders_realm_username_password(
    branded: dict[str, str], realm_user: Any, user_kind: str
) -> None:
    user = realm_user if user_kind == "signed-in" else AnonymousUser()

    html = render_page("aether_kit/login_keycloak.html", user, form=RealmPasswordForm())

    assert_branded(html)
    labels = [html.index(f'<label for="id_{name}">') for name in ("realm", "username", "password")]
    assert labels == sorted(labels)


@pytest.mark.parametrize("user_kind", VISITORS)
def test_tokens_page_shows_status_never_tokens(
    branded: dict[str, str], realm_user: Any, user_kind: str
) -> None:
    user = realm_user if user_kind == "signed-in" else AnonymousUser()
    user_tokens = [
        {"app_name": "kernel", "app_url": "http://k", "has_token": True, "state": "valid"},
        {"app_name": "odk", "app_url": "http://odk", "has_token": True, "state": "rejected"},
        {"app_name": "ui", "app_url": "", "has_token": False, "state": "missing"},
        {"app_name": "gather", "app_url": "http://g", "has_token": True, "state": "unreachable"},
    ]

    html = render_page("aether_kit/tokens.html", user, user_tokens=user_tokens)

    assert_branded(html)
    assert '<th scope="row">kernel</th>' in html
    assert 'ak-badge--ok">Valid' in html
    assert 'ak-badge--bad">Rejected by the app' in html
    assert 'ak-badge--none">No token yet' in html
    assert 'ak-badge--bad">App unreachable' in html
    assert ">None<" not in html
    assert html.count("Renew token") == 3
    assert html.count("Get a token") == 1


def test_tokens_page_without_apps_says_so(branded: dict[str, str], realm_user: Any) -> None:
    html = render_page("aether_kit/tokens.html", realm_user, user_tokens=[])

    assert "No external apps are configured." in html


def test_pages_show_the_development_badge_in_debug(settings: Any) -> None:
    settings.DEBUG = True

    html = Client().get("/accounts/login").content.decode()

    assert 'class="ak-dev-badge"' in html


def test_pages_use_the_kit_logo_without_app_logo(settings: Any) -> None:
    settings.APP_LOGO = ""

    html = Client().get("/accounts/login").content.decode()

    assert 'src="/static/aether_kit/img/logo.svg"' in html


def test_api_detail_page_offers_put_patch_and_delete(
    branded: dict[str, str], realm_client: Client
) -> None:
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="eha")

    html = realm_client.get(f"/pages/groups/{group.pk}/", HTTP_ACCEPT="text/html").content.decode()

    assert 'data-method="DELETE"' in html
    assert "Replace (PUT, HTML form)" in html
    assert '<button class="ak-button" type="submit">PUT</button>' in html
    assert '<button class="ak-button" type="submit" data-method="PATCH">PATCH</button>' in html
    assert inline_code(html) == []
