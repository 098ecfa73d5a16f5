"""From claims to users: <realm>__<username> in the realm group, profile kept in step."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.db.models.signals import m2m_changed
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from aether_kit.gateway import GatewayUserMapper, TokenRejected, identity_cache
from aether_kit.multitenancy.users import is_user_in_realm, realm_group, remove_user_from_realm
from aether_kit.tokens.users import _CompiledFindUser
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


def statements(queries):
    """The first word of each statement run: SELECT, INSERT, SAVEPOINT…"""
    return [query["sql"].split()[0].upper() for query in queries]


@pytest.fixture
def realm_a_remembered(mapper, django_capture_on_commit_callbacks):
    """realm-a's group created and committed, as in service: its pk is remembered."""
    with django_capture_on_commit_callbacks(execute=True):
        mapper.get_user({"preferred_username": "first"}, "realm-a")


def test_a_first_time_user_costs_one_read_and_two_inserts(
    mapper, realm_a_remembered, django_assert_num_queries
):
    # the savepoint and its release are the test's transaction: in service, a transaction
    with django_assert_num_queries(5) as captured:
        mapper.get_user(CLAIMS, "realm-a")

    run = statements(captured.captured_queries)
    assert run == ["SELECT", "SAVEPOINT", "INSERT", "INSERT", "RELEASE"]


def test_the_realm_groups_pk_is_remembered_once_its_transaction_commits(
    mapper, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mapper.get_user(CLAIMS, "realm-a")
        assert identity_cache.get_group("realm-a") is None

    assert identity_cache.get_group("realm-a") == Group.objects.get(name="realm-a").pk


def failing_request(mapper, realm):
    """A request that creates the realm's first user, then fails: its transaction rolls back."""
    with transaction.atomic():
        mapper.get_user(CLAIMS, realm)
        raise RuntimeError("the request failed")


def test_a_realm_group_created_in_a_transaction_rolled_back_is_not_remembered(
    mapper, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_request(mapper, "realm-b")

    assert identity_cache.get_group("realm-b") is None


def test_a_realm_group_deleted_in_this_process_is_looked_up_again(mapper, realm_a_remembered):
    Group.objects.filter(name="realm-a").delete()

    user = mapper.get_user(CLAIMS, "realm-a")

    assert is_user_in_realm(user, "realm-a")


def test_a_first_time_users_membership_is_signalled_as_groups_add_signals_it(mapper):
    model = get_user_model()
    seen = []

    def listener(sender, action, instance, reverse, model, pk_set, **kwargs):
        seen.append((action, instance.username, reverse, model, pk_set))

    m2m_changed.connect(listener, sender=model.groups.through)
    try:
        mapper.get_user(CLAIMS, "realm-a")
    finally:
        m2m_changed.disconnect(listener, sender=model.groups.through)

    group = Group.objects.get(name="realm-a")
    assert seen == [
        ("pre_add", "realm-a__ana", False, Group, {group.pk}),
        ("post_add", "realm-a__ana", False, Group, {group.pk}),
    ]


def test_a_user_created_meanwhile_by_another_request_is_taken_not_an_error(mapper, monkeypatch):
    other = GatewayUserMapper().get_user(CLAIMS, "realm-a")  # the other request, a moment ahead
    identity_cache.clear()
    looked_up = []
    find_user = mapper.find_user

    def find_user_before_the_other_wrote(username, realm):
        looked_up.append(username)
        return None if len(looked_up) == 1 else find_user(username, realm)

    monkeypatch.setattr(mapper, "find_user", find_user_before_the_other_wrote)

    user = mapper.get_user(CLAIMS, "realm-a")

    assert user.pk == other.pk
    assert is_user_in_realm(user, "realm-a")


@pytest.mark.django_db(transaction=True)
def test_two_first_requests_of_one_user_at_once_both_get_the_user():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in memory locks its tables instead of waiting: PostgreSQL's race")
    realm_group("realm-a")
    both_looked = threading.Barrier(2)
    waited = threading.local()
    lookups = []

    class Racing(GatewayUserMapper):
        def find_user(self, username, realm):
            user = super().find_user(username, realm)
            lookups.append(user)
            if not getattr(waited, "done", False):  # both have looked before either writes
                waited.done = True
                both_looked.wait(timeout=10)
            return user

    outcomes = []

    def request():
        try:
            outcomes.append(Racing().get_user(CLAIMS, "realm-a"))
        except Exception as error:  # the outcome under test
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [type(outcome) for outcome in outcomes] == [get_user_model()] * 2
    assert len(lookups) == 3  # the loser of the race looked the user up again
    first, second = outcomes
    assert first.pk == second.pk
    assert get_user_model().objects.filter(username="realm-a__ana").count() == 1
    assert is_user_in_realm(first, "realm-a")


@pytest.mark.django_db(transaction=True)
def test_a_realm_group_replaced_by_another_process_fails_one_new_user_then_is_looked_up(mapper):
    mapper.get_user({"preferred_username": "first"}, "realm-a")  # autocommit: remembered at once
    replaced = Group.objects.get(name="realm-a")
    with connection.cursor() as cursor:  # another process: no signal reaches this one
        cursor.execute("DELETE FROM auth_user_groups")
        cursor.execute("DELETE FROM auth_group")
    Group.objects.bulk_create([Group(name="realm-a")])

    with pytest.raises(IntegrityError):
        mapper.get_user(CLAIMS, "realm-a")
    user = mapper.get_user(CLAIMS, "realm-a")

    assert Group.objects.get(name="realm-a").pk != replaced.pk
    assert is_user_in_realm(user, "realm-a")


def test_a_user_not_remembered_is_read_by_a_query_compiled_once(
    mapper, no_user_memory, monkeypatch
):
    mapper.get_user(CLAIMS, "realm-a")
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting_as_sql(self, *args, **kwargs):
        compiled.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting_as_sql)

    user = mapper.find_user("realm-a__ana", "realm-a")

    assert (user.username, user.in_realm) == ("realm-a__ana", True)
    assert compiled == []


def test_a_find_user_query_that_rewrites_its_values_is_built_each_time(mapper):
    model = get_user_model()
    ana = mapper.get_user(CLAIMS, "realm-a")
    find_user = _CompiledFindUser()

    def upper_cased(username, realm):  # a username field that stores its values upper-cased
        return model.objects.filter(username=username.upper()).annotate(in_realm=Value(True))

    model.objects.filter(pk=ana.pk).update(username="REALM-A__ANA")

    assert find_user.run(model, upper_cased, "realm-a__ana", "realm-a").pk == ana.pk
    assert find_user.run(model, upper_cased, "realm-a__bea", "realm-a") is None
