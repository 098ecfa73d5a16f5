from aether_kit.testing.oidc_provider import Client
from aether_kit.testing.provider import OIDC_USERNAME, start_oidc_provider
from aether_kit.testing.users import DEFAULT_PASSWORD


def test_every_realm_has_the_default_user():
    provider = start_oidc_provider(["north", "south"])
    try:
        users = [provider.get_user(realm, OIDC_USERNAME) for realm in ("north", "south")]
    finally:
        provider.stop()

    assert [user.password for user in users] == [DEFAULT_PASSWORD, DEFAULT_PASSWORD]


def test_clients_and_user_fields_shape_the_provider():
    provider = start_oidc_provider(
        ["north"],
        clients=[Client("svc", "svc-secret")],
        user_fields=lambda realm: {"username": "ana", "password": "pw", "email": f"ana@{realm}"},
    )
    try:
        user = provider.get_user("north", "ana")
    finally:
        provider.stop()

    assert user.email == "ana@north"
    assert list(provider.clients) == ["svc"]
