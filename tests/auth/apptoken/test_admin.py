import pytest
from django.contrib.admin import AdminSite
from django.test import RequestFactory

from aether_kit.auth.apptoken.admin import AppTokenAdmin
from aether_kit.auth.apptoken.models import AppToken
from tests.auth.apptoken.factories import AppTokenFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def model_admin():
    return AppTokenAdmin(AppToken, AdminSite())


@pytest.fixture
def admin_request():
    request = RequestFactory().get("/admin/aether_kit/apptoken/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    return request


def test_no_admin_view_shows_or_searches_the_token(model_admin, admin_request):
    app_token = AppTokenFactory(token="secret-app-token")

    shown = [
        *model_admin.get_list_display(admin_request),
        *model_admin.get_fields(admin_request, app_token),
        *model_admin.get_search_fields(admin_request),
    ]

    assert "token" not in shown
    assert model_admin.has_token(app_token) is True


def test_tokens_are_not_added_by_hand(model_admin, admin_request):
    assert model_admin.has_add_permission(admin_request) is False
