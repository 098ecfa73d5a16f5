"""AetherKitTestMixin gives unittest-style tests the fixtures' helpers."""

from __future__ import annotations

from django.conf import settings
from django.test import TestCase, override_settings

from aether_kit.multitenancy.users import is_user_in_realm
from aether_kit.testing.testcases import AetherKitTestMixin


class MixinWithoutProviderTests(AetherKitTestMixin, TestCase):
    def test_realm_user_is_prefixed_and_in_the_realm(self) -> None:
        user = self.create_realm_user("eha", "ana")

        assert user.username == "eha__ana"
        assert is_user_in_realm(user, "eha")

    def test_realm_client_is_signed_in(self) -> None:
        client = self.realm_client("realm-a", "bo")

        assert client.get("/whoami").json() == {"username": "realm-a__bo"}

    def test_gateway_client_needs_the_provider(self) -> None:
        with self.assertRaisesMessage(RuntimeError, "use_oidc_provider = True"):
            self.gateway_client()

    @override_settings(GATEWAY_SERVICE_ID="kernel", APP_URL="/records/")
    def test_paths_follow_the_settings(self) -> None:
        assert self.gateway_path("x/", realm="eha") == "/records/eha/kernel/x/"
        assert self.app_path("x/") == "/records/x/"


class MixinWithProviderTests(AetherKitTestMixin, TestCase):
    use_oidc_provider = True
    oidc_realms = ("eha", "realm-a")

    def test_keycloak_server_url_points_at_the_provider(self) -> None:
        assert self.oidc_provider is not None
        assert self.oidc_provider.server_url == settings.KEYCLOAK_SERVER_URL

    def test_gateway_client_carries_a_token_of_the_realm(self) -> None:
        client = self.gateway_client("realm-a")

        assert client.realm == "realm-a"
        assert client.token.count(".") == 2

    def test_provider_has_the_test_user_in_each_realm(self) -> None:
        assert self.oidc_provider is not None
        for realm in self.oidc_realms:
            assert self.oidc_provider.get_user(realm, "user").username == "user"
