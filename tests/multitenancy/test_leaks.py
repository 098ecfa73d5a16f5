"""The current realm never outlives its request: sequentially, after errors, across threads."""

import threading

import pytest
from django.test import Client

pytestmark = [pytest.mark.urls("tests.multitenancy.leak_urls"), pytest.mark.django_db]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_the_next_request_does_not_inherit_the_realm(client):
    client.get("/current", headers={"eha-realm": "a"})

    assert client.get("/current").json() == {"realm": None, "request_realm": None}


def test_a_failing_request_does_not_leave_its_realm_behind(client):
    assert client.get("/boom", headers={"eha-realm": "a"}).status_code == 500

    assert client.get("/current").json()["realm"] is None


def test_concurrent_requests_each_see_their_own_realm():
    realms = [f"realm-{n}" for n in range(8)]
    seen = {}
    barrier = threading.Barrier(len(realms))

    def request(realm):
        barrier.wait()
        response = Client().get("/current", headers={"eha-realm": realm})
        seen[realm] = response.json()["realm"]

    threads = [threading.Thread(target=request, args=(realm,)) for realm in realms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert seen == {realm: realm for realm in realms}
