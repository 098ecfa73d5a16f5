import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from aether_kit.auth.apptoken.decorators import app_token_required
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@app_token_required
def protected(request):
    return HttpResponse("inside")


@app_token_required(login_url="/somewhere", redirect_field_name="next")
def protected_elsewhere(request):
    return HttpResponse("inside")


def call(view, user):
    request = RequestFactory().get("/protected?x=1")
    request.user = user
    return view(request)


def test_a_user_whose_tokens_work_gets_the_view(only_fake_app):
    response = call(protected, UserFactory())

    assert response.content == b"inside"


def test_a_user_an_app_refuses_goes_to_the_tokens_page(only_fake_app):
    only_fake_app.behaviour = "rejects"

    response = call(protected, UserFactory())

    assert (response.status_code, response.url) == (302, "/check-user-tokens")


def test_an_app_that_is_down_sends_the_user_to_the_tokens_page(external_apps):
    response = call(protected, UserFactory())

    assert (response.status_code, response.url) == (302, "/check-user-tokens")


def test_a_gateway_request_goes_to_the_tokens_page_under_its_prefix(external_apps, settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    request = RequestFactory().get("/-/svc/protected")
    request.user = UserFactory()

    response = protected(request)

    assert (response.status_code, response.url) == (302, "/-/svc/check-user-tokens")


def test_an_anonymous_user_goes_to_the_login_page(only_fake_app, settings):
    response = call(protected, AnonymousUser())

    assert response.status_code == 302
    assert response.url.startswith(settings.LOGIN_URL)


def test_the_redirect_target_and_next_field_can_be_chosen(external_apps):
    response = call(protected_elsewhere, UserFactory())

    assert response.url == "/somewhere?next=/protected%3Fx%3D1"
