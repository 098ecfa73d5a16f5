"""From claims to users: <realm>__<username> in the realm group, profile kept in step."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aether_kit.gateway import GatewayUserMapper, TokenRejected
from aether_kit.multitenancy.users import is_user_in_realm, remove_user_from_realm
from tests.gateway.conftest import HEADER, gateway_url

pytestmark = pytest.mark.django_db

CLAIMS = {
    "preferred_username": "ana",
    "given_name": "Ana",
    "family_name": "Silva",
    "email": "ana@example.org",
}


@pytest.fixture
def mapper():
    return GatewayUserMapper()


def writes(queries):
    return [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]


def test_first_token_creates_the_realm_user(mapper):
    user = mapper.get_user(CLAIMS, "realm-a")

    assert user.username == "realm-a__ana"
    assert (user.first_name, user.last_name, user.email) == ("Ana", "Silva", "ana@example.org")
    assert not user.has_usable_password()
    assert is_user_in_realm(user, "realm-a")


def test_same_name_in_two_realms_is_two_users(mapper):
    first = mapper.get_user(CLAIMS, "realm-a")
    second = mapper.get_user(CLAIMS, "realm-b")

    assert first.pk != second.pk
    assert not is_user_in_realm(first, "realm-b")


@pytest.fixture
def no_user_memory(settings):
    """The identity cache off: every token's user is read from the database."""
    settings.GATEWAY_TOKEN_CACHE_TTL = 0


def test_known_users_new_token_costs_no_query_while_remembered(mapper):
    first = mapper.get_user(CLAIMS, "realm-a")

    with CaptureQueriesContext(connection) as queries:
        user = mapper.get_user(CLAIMS, "realm-a")

    assert len(queries) == 0
    assert user.pk == first.pk
    assert user is not first  # each request its own copy


def test_a_changed_profile_reads_the_user_again(mapper):
    mapper.get_user(CLAIMS, "realm-a")

    with CaptureQueriesContext(connection) as queries:
        mapper.get_user({**CLAIMS, "given_name": "Anna"}, "realm-a")

    assert len(queries) >= 1


def test_a_user_disabled_in_this_process_is_refused_at_once(mapper):
    user = mapper.get_user(CLAIMS, "realm-a")
    user.is_active = False
    user.save()

    with pytest.raises(TokenRejected) as rejected:
        mapper.get_user(CLAIMS, "realm-a")

    assert rejected.value.status == 403


def test_a_remembered_user_is_forgotten_after_the_ttl(mapper, settings, monkeypatch):
    import time

    user = mapper.get_user(CLAIMS, "realm-a")
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)  # elsewhere: no signal
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + settings.GATEWAY_TOKEN_CACHE_TTL + 1)

    with pytest.raises(TokenRejected):
        mapper.get_user(CLAIMS, "realm-a")


def test_known_user_costs_one_read_and_no_write(mapper, no_user_memory):
    mapper.get_user(CLAIMS, "realm-a")

    with CaptureQueriesContext(connection) as queries:
        mapper.get_user(CLAIMS, "realm-a")

    assert len(queries) == 1
    assert writes(queries.captured_queries) == []


def test_changed_claims_update_only_the_changed_fields(mapper, no_user_memory):
    mapper.get_user(CLAIMS, "realm-a")

    with CaptureQueriesContext(connection) as queries:
        user = mapper.get_user({**CLAIMS, "email": "ana@new.example"}, "realm-a")

    assert get_user_model().objects.get(pk=user.pk).email == "ana@new.example"
    [update] = writes(queries.captured_queries)
    assert "email" in update
    assert "first_name" not in update


def test_absent_claims_leave_the_profile_alone(mapper):
    mapper.get_user(CLAIMS, "realm-a")

    user = mapper.get_user({"preferred_username": "ana"}, "realm-a")

    assert (user.first_name, user.email) == ("Ana", "ana@example.org")


def test_user_removed_from_the_realm_group_is_put_back(mapper):
    user = mapper.get_user(CLAIMS, "realm-a")
    remove_user_from_realm(user, "realm-a")

    mapper.get_user(CLAIMS, "realm-a")

    assert is_user_in_realm(user, "realm-a")


def test_disabled_user_is_refused(mapper, no_user_memory):
    user = mapper.get_user(CLAIMS, "realm-a")
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)

    with pytest.raises(TokenRejected) as rejected:
        mapper.get_user(CLAIMS, "realm-a")

    assert rejected.value.status == 403


def test_token_without_a_username_is_refused(mapper):
    with pytest.raises(TokenRejected) as rejected:
        mapper.get_user({"given_name": "Ana"}, "realm-a")

    assert rejected.value.status == 401


def test_a_token_without_the_username_claim_names_its_user_by_sub(mapper):
    user = mapper.get_user({"sub": "4f1c2a"}, "realm-a")

    assert user.username == "realm-a__4f1c2a"


def test_the_username_claim_is_a_setting(mapper, settings):
    settings.KEYCLOAK_USERNAME_CLAIM = "email"

    user = mapper.get_user({**CLAIMS, "email": "ana@example.org"}, "realm-a")

    assert user.username == "realm-a__ana@example.org"


def test_overlong_claims_are_cut_to_the_field_length(mapper):
    user = mapper.get_user({**CLAIMS, "given_name": "A" * 500}, "realm-a")

    assert len(user.first_name) == get_user_model()._meta.get_field("first_name").max_length


def test_a_name_that_looks_prefixed_cannot_take_over_the_realms_account(client, token_for):
    get_user_model().objects.create_user(username="realm-a__admin", is_staff=True)

    response = client.get(
        gateway_url("realm-a", "plain"),
        headers={HEADER: token_for("realm-a", preferred_username="realm-a__admin")},
    )

    assert response.json() == {"username": "realm-a__realm-a__admin"}


def test_a_username_too_long_to_store_is_refused_with_a_reason(client, token_for):
    name = "u" * 142  # "realm-a__" + 142 characters: one more than Django's username holds

    response = client.get(
        gateway_url("realm-a", "members"),
        headers={HEADER: token_for("realm-a", preferred_username=name)},
    )

    assert response.status_code == 403
    assert "too long" in response.json()["detail"]
    assert not get_user_model().objects.filter(username__endswith=name).exists()


def test_the_longest_username_that_fits_is_accepted(client, token_for):
    name = "u" * 141

    response = client.get(
        gateway_url("realm-a", "plain"),
        headers={HEADER: token_for("realm-a", preferred_username=name)},
    )

    assert response.json() == {"username": f"realm-a__{name}"}
