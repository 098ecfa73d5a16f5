import gzip
import hashlib
import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, encode_multipart

from aether_kit.auth.apptoken.models import AppToken
from aether_kit.conf import kit_settings
from aether_kit.multitenancy.users import add_user_to_realm
from tests.auth.apptoken.factories import AppTokenFactory
from tests.factories import UserFactory
from tests.fake_external_app import GZIP_TEXT, SERVICE_TOKEN, pattern_sha256

REALM_HEADER = kit_settings.REALM_COOKIE.title()  # as the fake app reports header names

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.auth.apptoken.urls")]


@pytest.fixture
def user():
    return UserFactory(username="alice")


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def user_token(external_apps, user):
    """A token the fake app accepts, stored for the user."""
    token = external_apps.issue_token("alice")
    AppTokenFactory(user=user, app="fake", token=token)
    return token


def echoed(response):
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


# -- the user tokens page ----------------------------------------------------------------------


def test_the_tokens_page_lists_every_app_without_the_tokens(user_client, user_token):
    response = user_client.get("/check-user-tokens")

    assert response.status_code == 200
    names = [status["app_name"] for status in response.context["user_tokens"]]
    assert names == ["fake", "down"]
    assert user_token not in response.content.decode()


def states(response):
    return {status["app_name"]: status["state"] for status in response.context["user_tokens"]}


def test_the_tokens_page_says_which_token_works_and_which_app_is_unreachable(
    user_client, user, user_token
):
    AppTokenFactory(user=user, app="down", token="kept-from-before")

    response = user_client.get("/check-user-tokens")

    assert states(response) == {"fake": "valid", "down": "unreachable"}
    assert "None" not in response.content.decode()


def test_the_tokens_page_says_no_token_yet_and_offers_to_get_one(user_client, external_apps):
    response = user_client.get("/check-user-tokens")

    assert states(response)["fake"] == "missing"
    assert "No token yet" in response.content.decode()
    assert "Get a token" in response.content.decode()


def test_a_token_the_app_refuses_is_shown_as_rejected(user_client, user, external_apps):
    AppTokenFactory(user=user, app="fake", token="not-the-apps")

    assert states(user_client.get("/check-user-tokens"))["fake"] == "rejected"


def test_posting_an_app_gets_a_new_token_and_comes_back_to_the_page(
    user_client, user, external_apps
):
    AppTokenFactory(user=user, app="fake", token="not-the-apps")

    response = user_client.post("/check-user-tokens", {"app": "fake"}, follow=True)

    assert response.redirect_chain == [("/check-user-tokens", 303)]
    assert states(response)["fake"] == "valid"
    assert AppToken.objects.get(user=user, app="fake").token == external_apps.user_tokens["alice"]
    assert "A new token for fake is stored." in response.content.decode()


def test_posting_an_unreachable_app_says_no_token_came(user_client, user, external_apps):
    response = user_client.post("/check-user-tokens", {"app": "down"}, follow=True)

    assert states(response)["down"] == "missing"
    assert "down gave no token" in response.content.decode()


def test_posting_an_unknown_app_is_a_400_with_a_reason(user_client, external_apps):
    response = user_client.post("/check-user-tokens", {"app": "nope"})

    assert response.status_code == 400
    assert response.json() == {"detail": "'nope' is not one of the external apps."}


def test_the_tokens_page_asks_anonymous_users_to_log_in(client, external_apps):
    response = client.get("/check-user-tokens")

    assert response.status_code == 302


# -- forwarding --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
def test_every_method_is_forwarded_with_path_and_query_string(user_client, user_token, method):
    response = getattr(user_client, method)("/proxy/fake/echo/items/7?b=2&a=1&a=3")

    answer = echoed(response)
    assert answer["method"] == method.upper()
    assert (answer["path"], answer["query"]) == ("/echo/items/7", "b=2&a=1&a=3")


def test_head_is_forwarded_and_answers_without_a_body(user_client, user_token, external_apps):
    response = user_client.head("/proxy/fake/echo/items")

    assert response.status_code == 200
    assert response.content == b""
    assert external_apps.received[-1].method == "HEAD"


def test_the_users_app_token_goes_in_the_authorization_header(user_client, user_token):
    answer = echoed(user_client.get("/proxy/fake/echo"))

    assert answer["headers"]["Authorization"] == f"Token {user_token}"


def test_a_json_body_arrives_unchanged(user_client, user_token):
    body = json.dumps({"name": "Ada", "tags": ["x", "y"]}).encode()

    answer = echoed(user_client.post("/proxy/fake/echo", body, content_type="application/json"))

    assert answer["body_sha256"] == hashlib.sha256(body).hexdigest()
    assert answer["headers"]["Content-Type"] == "application/json"


def test_a_multipart_body_arrives_unchanged_through_the_csrf_check(user, user_token):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    csrf_token = "s" * 32  # a CSRF secret, as the cookie holds it
    client.cookies["csrftoken"] = csrf_token
    fields = {
        "csrfmiddlewaretoken": csrf_token,
        "file": SimpleUploadedFile("data.bin", bytes(range(256)) * 64),
    }
    body = encode_multipart(BOUNDARY, fields)
    content_type = f"multipart/form-data; boundary={BOUNDARY}"  # already encoded: sent as is

    answer = echoed(client.post("/proxy/fake/echo", body, content_type=content_type))

    assert answer["body_sha256"] == hashlib.sha256(body).hexdigest()
    assert answer["headers"]["Content-Type"] == content_type


def test_a_post_without_the_csrf_token_is_refused(user, user_token, external_apps):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/proxy/fake/echo", {"a": "1"})

    assert response.status_code == 403
    assert external_apps.requests_to("/echo") == []


def test_a_large_answer_is_streamed_back_whole(user_client, user_token):
    size = 6 * 1024 * 1024 + 123

    response = user_client.get(f"/proxy/fake/large?size={size}")

    assert response.streaming
    assert response["Content-Length"] == str(size)
    digest = hashlib.sha256()
    for chunk in response.streaming_content:
        digest.update(chunk)
    assert digest.hexdigest() == pattern_sha256(size)


def test_a_compressed_answer_is_passed_on_compressed(user_client, user_token):
    response = user_client.get("/proxy/fake/gzip")

    body = b"".join(response.streaming_content)
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Length"] == str(len(body))
    assert gzip.decompress(body) == GZIP_TEXT


def test_status_and_content_type_come_from_the_app(user_client, user_token):
    response = user_client.get("/proxy/fake/status/418")

    assert response.status_code == 418
    assert response["Content-Type"] == "text/plain"


def test_client_credentials_cookies_and_hop_by_hop_headers_stay_behind(user_client, user_token):
    answer = echoed(
        user_client.get(
            "/proxy/fake/echo",
            headers={"Connection": "keep-alive, X-Private", "X-Private": "p", "X-Kept": "k"},
        )
    )

    sent = answer["headers"]
    assert "Cookie" not in sent
    assert "X-Private" not in sent
    assert sent["X-Kept"] == "k"
    assert sent["Host"].startswith("127.0.0.1:")


def test_the_apps_cookies_are_not_copied_but_its_other_headers_are(user_client, user_token):
    response = user_client.get("/proxy/fake/echo")

    assert response["X-Echo"] == "yes"
    assert not response.has_header("Set-Cookie")
    assert "upstream" not in response.cookies


def test_the_current_realm_replaces_any_realm_header_of_the_client(settings, user_token, user):
    settings.MULTITENANCY = True
    add_user_to_realm(user, "north")
    client = Client(headers={REALM_HEADER: "forged"})
    client.force_login(user)

    answer = echoed(client.get("/proxy/fake/echo"))

    assert answer["headers"][REALM_HEADER] == "north"


def test_an_expired_stored_token_is_renewed_and_the_request_sent_again(
    user_client, user, external_apps
):
    AppTokenFactory(user=user, app="fake", token="expired")

    answer = echoed(user_client.post("/proxy/fake/echo", {"a": "1"}))

    renewed = AppToken.objects.get(user=user, app="fake").token
    assert answer["headers"]["Authorization"] == f"Token {renewed}"
    assert [r.method for r in external_apps.requests_to("/echo")] == ["POST", "POST"]


# -- the gateway -------------------------------------------------------------------------------


@pytest.fixture
def gateway_token(settings, keycloak_settings, oidc_provider):
    """A real access token of realm ``realm-a``, verified by the gateway authentication."""
    settings.GATEWAY_SERVICE_ID = "svc"
    return oidc_provider.issue_token("realm-a", "user")


def test_under_the_gateway_its_token_is_forwarded_instead_of_an_app_token(
    client, external_apps, gateway_token
):
    answer = echoed(
        client.get("/realm-a/svc/proxy/fake/echo", headers={"X-Oauth-Token": gateway_token})
    )

    assert answer["headers"]["X-Oauth-Token"] == gateway_token
    assert "Authorization" not in answer["headers"]
    assert not AppToken.objects.exists()


def test_under_a_gateway_realm_path_the_realm_fills_the_app_url(
    settings, client, external_apps, gateway_token
):
    settings.MULTITENANCY = True
    settings.EXTERNAL_APPS = {
        "fake": {"url": external_apps.url + "/{realm}/app", "token": SERVICE_TOKEN}
    }

    answer = echoed(
        client.get("/realm-a/svc/proxy/fake/echo", headers={"X-Oauth-Token": gateway_token})
    )

    assert answer["path"] == "/realm-a/app/echo"
    assert answer["headers"][REALM_HEADER] == "realm-a"


def test_a_gateway_request_needs_no_csrf_token(external_apps, gateway_token):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/realm-a/svc/proxy/fake/echo", {"a": "1"}, headers={"X-Oauth-Token": gateway_token}
    )

    assert response.status_code == 200


def test_an_unverified_gateway_header_does_not_stand_in_for_signing_in(
    settings, client, external_apps
):
    settings.GATEWAY_SERVICE_ID = "svc"

    response = client.get("/proxy/fake/echo", headers={"X-Oauth-Token": "made-up"})

    assert "Authentication" in reason(response, 403)
    assert external_apps.received == []


def test_a_gateway_token_off_its_realm_path_is_not_forwarded(
    user_client, user_token, gateway_token
):
    answer = echoed(user_client.get("/proxy/fake/echo", headers={"X-Oauth-Token": gateway_token}))

    assert "X-Oauth-Token" not in answer["headers"]
    assert answer["headers"]["Authorization"] == f"Token {user_token}"


# -- failures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["../token", "a/../../x", "%2e%2e/x", "%252e%252e/x", "a/%2e/b", "..%5cx", "a%252fb/..%252f"],
)
def test_a_path_leaving_the_app_is_refused(user_client, user_token, external_apps, path):
    response = user_client.get(f"/proxy/fake/{path}")

    assert "inside the external app" in reason(response, 400)
    assert external_apps.received == []


@pytest.mark.parametrize(
    "path", ["//evil.example/echo", "http://evil.example/echo", "@evil.example/echo"]
)
def test_the_wildcard_path_never_changes_the_apps_host(user_client, user_token, path):
    answer = echoed(user_client.get(f"/proxy/fake/{path}"))

    assert "evil.example" in answer["path"]  # a path on the app, not another host


def reason(response, status):
    assert response.status_code == status
    return response.json()["detail"]


def test_an_anonymous_user_is_refused_with_a_reason(client, external_apps):
    assert "Authentication" in reason(client.get("/proxy/fake/echo"), 403)


def test_an_unknown_app_is_a_server_error_with_a_reason(user_client, external_apps):
    assert "'unknown'" in reason(user_client.get("/proxy/unknown/echo"), 500)


def test_a_user_the_app_gives_no_token_is_refused_with_a_reason(user_client, external_apps):
    external_apps.behaviour = "rejects"

    assert "/check-user-tokens" in reason(user_client.get("/proxy/fake/echo"), 403)


def test_an_app_that_is_down_is_a_bad_gateway(user_client, external_apps, user):
    AppTokenFactory(user=user, app="down", token="stored")

    assert "could not be reached" in reason(user_client.get("/proxy/down/echo"), 502)


def test_an_app_that_hangs_is_a_gateway_timeout(user_client, user_token):
    assert "in time" in reason(user_client.get("/proxy/fake/slow"), 504)


def test_an_app_that_just_hung_answers_503_at_once(user_client, user_token, external_apps):
    user_client.get("/proxy/fake/slow")
    calls = len(external_apps.received)

    response = user_client.get("/proxy/fake/echo")

    assert "unavailable" in reason(response, 503)
    assert int(response["Retry-After"]) >= 1
    assert len(external_apps.received) == calls


def test_an_answer_that_stalls_midway_ends_at_the_read_timeout(user_client, user_token, caplog):
    response = user_client.get("/proxy/fake/stalls")

    body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert body == b"first bytes"
    assert "broke off" in caplog.text


def test_an_app_error_is_passed_through(user_client, user_token, external_apps):
    external_apps.behaviour = "error"

    response = user_client.get("/proxy/fake/echo")

    assert response.status_code == 500
    assert b"".join(response.streaming_content) == b"broken"


def test_a_body_over_the_upload_limit_is_refused(settings, user_client, user_token):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10

    response = user_client.post("/proxy/fake/echo", b"x" * 100, content_type="text/plain")

    assert reason(response, 413)


def test_tokens_never_reach_the_logs_or_the_answers(user_client, user, external_apps, caplog):
    caplog.set_level(logging.DEBUG)
    AppTokenFactory(user=user, app="down", token="stored-down-token")
    AppTokenFactory(user=user, app="fake", token="expired-fake-token")

    answers = [
        user_client.get("/proxy/down/echo").content,
        user_client.get("/proxy/fake/slow").content,
    ]
    external_apps.behaviour = "rejects"
    answers.append(user_client.get("/proxy/fake/echo").content)
    assert len(answers) == 3

    secrets = [SERVICE_TOKEN, "stored-down-token", "expired-fake-token"]
    assert caplog.records
    for secret in secrets:
        assert secret not in caplog.text
        assert all(secret.encode() not in answer for answer in answers)


def test_a_gateway_token_never_reaches_the_logs(
    settings, client, external_apps, gateway_token, caplog
):
    caplog.set_level(logging.DEBUG)
    settings.EXTERNAL_APPS = {**settings.EXTERNAL_APPS, "fake": {"url": "http://127.0.0.1:9/"}}

    client.get("/realm-a/svc/proxy/fake/echo", headers={"X-Oauth-Token": gateway_token})
    client.get("/proxy/fake/echo", headers={"X-Oauth-Token": gateway_token})

    assert caplog.records
    assert gateway_token.split(".")[1] not in caplog.text


def test_a_method_the_proxy_does_not_forward_is_refused_with_a_reason(user_client, user_token):
    response = user_client.generic("TRACE", "/proxy/fake/echo")

    assert "not allowed" in reason(response, 405)
