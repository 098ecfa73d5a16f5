"""Remembered tokens: a repeated token skips verification and the user query, briefly."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aether_kit.gateway import IdentityCache, identity_cache
from aether_kit.tokens.identity_cache import copy_claims, freeze_claims, thaw_claims
from tests.gateway.conftest import HEADER, gateway_url

pytestmark = pytest.mark.django_db


def get_plain(client, realm, token):
    return client.get(gateway_url(realm, "plain"), headers={HEADER: token})


def test_repeated_token_costs_no_query(client, token_for):
    token = token_for("realm-a")
    get_plain(client, "realm-a", token)

    with CaptureQueriesContext(connection) as queries:
        response = get_plain(client, "realm-a", token)

    assert response.json() == {"username": "realm-a__user"}
    assert len(queries) == 0


def test_every_request_is_verified_when_the_cache_is_off(client, settings, token_for):
    settings.GATEWAY_TOKEN_CACHE_TTL = 0
    token = token_for("realm-a")
    get_plain(client, "realm-a", token)

    with CaptureQueriesContext(connection) as queries:
        get_plain(client, "realm-a", token)

    assert len(queries) == 1
    assert len(identity_cache) == 0


def test_remembered_token_is_still_refused_on_another_realm_path(client, token_for):
    token = token_for("realm-a")
    get_plain(client, "realm-a", token)

    assert get_plain(client, "realm-b", token).status_code == 403


def test_token_is_never_remembered_past_its_expiry(client, token_for):
    token = token_for("realm-a", exp=int(time.time()) + 1)
    get_plain(client, "realm-a", token)

    time.sleep(1.1)  # the token's own expiry, not a performance threshold

    assert identity_cache.get("realm-a", token) is None


def test_each_request_gets_its_own_user_object(client, token_for):
    token = token_for("realm-a")
    get_plain(client, "realm-a", token)

    first = identity_cache.get("realm-a", token)[0]
    first.first_name = "changed by a view"

    assert identity_cache.get("realm-a", token)[0].first_name == "Ana"


def test_claims_changed_by_a_view_are_not_seen_by_later_requests(client, token_for):
    token = token_for("realm-a")

    answers = [
        client.get(gateway_url("realm-a", "token-roles"), headers={HEADER: token}).json()
        for _ in range(3)
    ]

    assert answers[0]["roles"].count("added-by-the-view") == 1
    assert answers[1] == answers[2] == answers[0]


def test_tokens_are_kept_only_as_digests(client, token_for):
    token = token_for("realm-a")
    get_plain(client, "realm-a", token)

    assert all(token not in repr(key) for key in identity_cache._tokens.entries)


def test_a_user_deactivated_meanwhile_is_refused_at_once(client, token_for):
    token = token_for("realm-a")
    get_plain(client, "realm-a", token)
    user = get_user_model().objects.get(username="realm-a__user")

    user.is_active = False
    user.save()

    assert get_plain(client, "realm-a", token).status_code == 403


def test_a_deleted_user_is_not_served_from_memory(client, token_for):
    token = token_for("realm-a")
    get_plain(client, "realm-a", token)

    get_user_model().objects.filter(username="realm-a__user").delete()

    assert identity_cache.get("realm-a", token) is None


def test_a_user_moved_between_groups_is_verified_again(client, token_for):
    token = token_for("realm-a")
    get_plain(client, "realm-a", token)
    user = get_user_model().objects.get(username="realm-a__user")

    user.groups.clear()

    assert identity_cache.get("realm-a", token) is None


def test_a_remembered_users_related_objects_cache_is_not_shared(client, token_for):
    token = token_for("realm-a")
    get_plain(client, "realm-a", token)

    first = identity_cache.get("realm-a", token)[0]
    first._state.fields_cache["marker"] = "set by a view"
    first._state.adding = True

    second = identity_cache.get("realm-a", token)[0]
    assert "marker" not in second._state.fields_cache
    assert second._state.adding is False
    assert second._state.db == first._state.db == "default"


def test_a_user_copy_is_an_equal_saveable_instance(client, token_for):
    token = token_for("realm-a")
    get_plain(client, "realm-a", token)

    user = identity_cache.get("realm-a", token)[0]
    user.first_name = "Saved"
    user.save(update_fields=["first_name"])

    assert user == get_user_model().objects.get(pk=user.pk)
    assert get_user_model().objects.get(pk=user.pk).first_name == "Saved"


def test_copied_claims_share_no_list_or_dict_with_the_remembered_ones():
    claims = {
        "realm_access": {"roles": ["a"]},
        "aud": ["x", "y"],
        "exp": 1,
        "email_verified": False,
    }

    copied = copy_claims(claims)
    copied["realm_access"]["roles"].append("b")
    copied["aud"].append("z")

    assert copied is not claims
    assert claims == {
        "realm_access": {"roles": ["a"]},
        "aud": ["x", "y"],
        "exp": 1,
        "email_verified": False,
    }


def test_claims_of_other_kinds_are_deep_copied():
    nested = {"when": {"set"}}
    copied = copy_claims({"extra": nested})

    copied["extra"]["when"].add("more")

    assert nested == {"when": {"set"}}


def test_json_claims_are_kept_as_text_and_come_back_equal_and_unshared():
    claims = {"realm_access": {"roles": ["a"]}, "exp": 1, "score": 0.5, "ok": True, "x": None}

    frozen = freeze_claims(claims)
    first, second = thaw_claims(frozen), thaw_claims(frozen)
    first["realm_access"]["roles"].append("b")

    assert isinstance(frozen, str)
    assert second == claims == {**first, "realm_access": {"roles": ["a"]}}


@pytest.mark.parametrize(
    "odd",
    [("a", "tuple"), float("nan"), {"set"}, {1: "int key"}],
    ids=["tuple", "nan", "set", "int-key"],
)
def test_claims_json_would_change_are_kept_as_a_copy_of_what_they_are(odd):
    claims = {"extra": odd}

    thawed = thaw_claims(freeze_claims(claims))

    assert not isinstance(freeze_claims(claims), str)
    assert type(thawed["extra"]) is type(odd)


class _Keys:
    """A realm's keys that know every kid: the entries here never expire by rotation."""

    def knows(self, kid):
        return True


class _User:
    """A user whose pk reads are counted (the count is shared with its copies)."""

    def __init__(self, pk):
        self._pk = pk
        self.reads = [0]

    @property
    def pk(self):
        self.reads[0] += 1
        return self._pk


def remember(cache, user, token):
    claims = {"exp": time.time() + 600}
    cache.put("realm-a", token, user, claims, keys=_Keys(), kid="k")
    cache.put_user("realm-a", f"realm-a__{token}", user, {})


def test_forgetting_a_user_drops_its_tokens_and_keeps_the_others():
    cache = IdentityCache()
    ana, bea = _User(1), _User(2)
    remember(cache, ana, "ana-1")
    remember(cache, ana, "ana-2")
    remember(cache, bea, "bea-1")

    cache.forget_user(1)

    assert cache.get("realm-a", "ana-1") is None
    assert cache.get("realm-a", "ana-2") is None
    assert cache.get_user("realm-a", "realm-a__ana-1", {}) is None
    assert cache.get("realm-a", "bea-1") is not None
    assert cache.get_user("realm-a", "realm-a__bea-1", {}) is not None


def test_forgetting_a_user_reads_no_other_users_entries():
    cache = IdentityCache()
    others = [_User(pk) for pk in range(2, 102)]
    for user in others:
        remember(cache, user, f"token-{user._pk}")
    reads_before = [user.reads[0] for user in others]

    cache.forget_user(1)  # a user saved while it is created: nothing of it is remembered

    assert [user.reads[0] for user in others] == reads_before


def test_the_user_index_holds_no_entry_the_cache_dropped():
    cache = IdentityCache(max_entries=2)
    for pk in (1, 2, 3):
        remember(cache, _User(pk), f"token-{pk}")

    assert set(cache._tokens.by_user) == set(cache._users.by_user) == {2, 3}
