import pytest

from aether_kit.conf import Env, EnvError, configure_keycloak
from aether_kit.conf.keycloak import KEYCLOAK_BACKEND, MODEL_BACKEND

SERVER = "http://keycloak:8080/realms"


def configure(**environ):
    return configure_keycloak(Env(environ))


def test_keycloak_is_off_while_the_server_url_is_unset():
    assert configure() == {"KEYCLOAK_SERVER_URL": None}


def test_an_empty_server_url_counts_as_unset():
    assert configure(KEYCLOAK_SERVER_URL="  ") == {"KEYCLOAK_SERVER_URL": None}


def test_defaults_follow_aether_sdk():
    result = configure(KEYCLOAK_SERVER_URL=SERVER)

    assert result["KEYCLOAK_CLIENT_ID"] == "eha"
    assert result["KEYCLOAK_CLIENT_SECRET"] is None
    assert result["KEYCLOAK_BEHIND_SCENES"] is False
    assert result["KEYCLOAK_TEMPLATE"] == "aether_kit/login_realm.html"
    assert result["KEYCLOAK_BEHIND_TEMPLATE"] == "aether_kit/login_keycloak.html"
    assert result["KEYCLOAK_REFRESH_MARGIN"] == 30


def test_the_server_url_loses_its_trailing_slash():
    assert configure(KEYCLOAK_SERVER_URL=f"{SERVER}/")["KEYCLOAK_SERVER_URL"] == SERVER


def test_the_issuer_base_defaults_to_the_server_url():
    assert configure(KEYCLOAK_SERVER_URL=SERVER)["KEYCLOAK_ISSUER_URL"] == SERVER


def test_the_issuer_base_can_be_the_public_host():
    result = configure(
        KEYCLOAK_SERVER_URL=SERVER, KEYCLOAK_ISSUER_URL="https://login.example.org/realms"
    )

    assert result["KEYCLOAK_ISSUER_URL"] == "https://login.example.org/realms"


def test_the_keycloak_backend_comes_first_and_local_accounts_keep_working():
    backends = configure(KEYCLOAK_SERVER_URL=SERVER)["AUTHENTICATION_BACKENDS"]

    assert backends == [KEYCLOAK_BACKEND, MODEL_BACKEND]


def test_behind_scenes_false_means_false():
    # aether.sdk read bool(os.getenv(...)), so "false" switched it on
    result = configure(KEYCLOAK_SERVER_URL=SERVER, KEYCLOAK_BEHIND_SCENES="false")

    assert result["KEYCLOAK_BEHIND_SCENES"] is False


def test_every_variable_is_read():
    result = configure(
        KEYCLOAK_SERVER_URL=SERVER,
        KEYCLOAK_CLIENT_ID="my-app",
        KEYCLOAK_CLIENT_SECRET="s3cret",
        KEYCLOAK_BEHIND_SCENES="yes",
        KEYCLOAK_TEMPLATE="mine/realm.html",
        KEYCLOAK_BEHIND_TEMPLATE="mine/password.html",
        KEYCLOAK_REFRESH_MARGIN="60",
        KEYCLOAK_SCOPE="openid  profile offline_access",
        KEYCLOAK_USERNAME_CLAIM="email",
        KEYCLOAK_CLIENT_AUTH_METHOD="Client_Secret_Post",
        KEYCLOAK_LOGOUT="redirect",
    )

    assert (
        result["KEYCLOAK_CLIENT_ID"],
        result["KEYCLOAK_CLIENT_SECRET"],
        result["KEYCLOAK_BEHIND_SCENES"],
        result["KEYCLOAK_TEMPLATE"],
        result["KEYCLOAK_BEHIND_TEMPLATE"],
        result["KEYCLOAK_REFRESH_MARGIN"],
        result["KEYCLOAK_SCOPE"],
        result["KEYCLOAK_USERNAME_CLAIM"],
        result["KEYCLOAK_CLIENT_AUTH_METHOD"],
        result["KEYCLOAK_LOGOUT"],
    ) == (
        "my-app",
        "s3cret",
        True,
        "mine/realm.html",
        "mine/password.html",
        60,
        "openid profile offline_access",
        "email",
        "client_secret_post",
        "redirect",
    )


def test_every_malformed_variable_is_named_at_once():
    with pytest.raises(EnvError) as raised:
        configure(
            KEYCLOAK_SERVER_URL="keycloak:8080/realms",
            KEYCLOAK_ISSUER_URL="ftp://login",
            KEYCLOAK_CLIENT_ID="a b",
            KEYCLOAK_REFRESH_MARGIN="soon",
            KEYCLOAK_SCOPE="profile email",
            KEYCLOAK_CLIENT_AUTH_METHOD="private_key_jwt",
            KEYCLOAK_LOGOUT="front-channel",
        )

    assert raised.value.names == [
        "KEYCLOAK_SERVER_URL",
        "KEYCLOAK_CLIENT_ID",
        "KEYCLOAK_ISSUER_URL",
        "KEYCLOAK_SCOPE",
        "KEYCLOAK_CLIENT_AUTH_METHOD",
        "KEYCLOAK_LOGOUT",
        "KEYCLOAK_REFRESH_MARGIN",
    ]


def test_a_negative_refresh_margin_is_refused():
    with pytest.raises(EnvError, match="KEYCLOAK_REFRESH_MARGIN"):
        configure(KEYCLOAK_SERVER_URL=SERVER, KEYCLOAK_REFRESH_MARGIN="-1")


def test_the_client_secret_is_never_repeated_in_errors():
    with pytest.raises(EnvError) as raised:
        configure(KEYCLOAK_SERVER_URL="nope", KEYCLOAK_CLIENT_SECRET="s3cret")

    assert "s3cret" not in str(raised.value)


def test_the_standard_provider_settings_default_to_keycloaks_behaviour():
    result = configure(KEYCLOAK_SERVER_URL=SERVER)

    assert result["KEYCLOAK_SCOPE"] == "openid profile email"
    assert result["KEYCLOAK_USERNAME_CLAIM"] == "preferred_username"
    assert result["KEYCLOAK_CLIENT_AUTH_METHOD"] == "client_secret_basic"
    assert result["KEYCLOAK_LOGOUT"] == "auto"


def test_a_server_url_whose_host_is_malformed_is_named():
    with pytest.raises(EnvError, match=r"KEYCLOAK_SERVER_URL: .* is not an absolute"):
        configure(KEYCLOAK_SERVER_URL="http://::garbage/realms")
