from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from aether_kit.ops.scheduler import (
    SchedulerUnavailable,
    enqueue,
    enqueue_at,
    enqueue_in,
    fetch_job,
)
from testproject.jobs import count_words
from tests.processes import run_manage
from tests.services import closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    """The default queue points where no Redis listens; the reachable queues come back."""
    reachable = settings.RQ_QUEUES
    settings.RQ_QUEUES = {"default": dict(reachable["default"], PORT=closed_port())}
    return reachable


class SilentServer:
    """A local TCP port that takes connections and never answers, as a hung Redis does.

    Nothing calls accept() while the client talks: the kernel completes each
    connection into the listen queue, so the client connects and then waits
    for an answer that never comes. Connections are counted afterwards.
    """

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=16)
        self.accepted: list[socket.socket] = []

    @property
    def port(self) -> int:
        return int(self.listener.getsockname()[1])

    def connections_made(self) -> int:
        self.listener.setblocking(False)
        while True:
            try:
                self.accepted.append(self.listener.accept()[0])
            except BlockingIOError:
                return len(self.accepted)

    def close(self) -> None:
        for connection in self.accepted:
            connection.close()
        self.listener.close()


@pytest.fixture
def redis_silent(settings) -> Iterator[SilentServer]:
    """The default queue points at a server that accepts connections and never answers."""
    server = SilentServer()
    settings.RQ_QUEUES = {"default": dict(settings.RQ_QUEUES["default"], PORT=server.port)}
    yield server
    server.close()


# a guard against a read without a timeout hanging the run, not a speed limit
hang_guard = pytest.mark.timeout(60)


def run_worker() -> None:
    run_manage("rqworker", "--burst", "default")


def test_job_enqueued_from_a_request_runs_in_a_worker_process(api, rq_redis):
    job_id = api.post("/jobs/word-count", {"text": "to be or not to be"}).json()["id"]

    run_worker()

    body = api.get(f"/jobs/{job_id}").json()
    assert body["status"] == "finished"
    assert body["result"] == {"to": 2, "be": 2, "or": 1, "not": 1}


def test_enqueue_answers_202_with_the_queued_job(api, rq_redis):
    response = api.post("/jobs/word-count", {"text": "hello"})

    assert response.status_code == 202
    assert response.json()["status"] == "queued"


def test_unknown_job_answers_404(api, rq_redis):
    assert api.get("/jobs/no-such-job").status_code == 404


def test_enqueue_with_invalid_payload_answers_400(api, rq_redis):
    response = api.post("/jobs/word-count", {})

    assert response.status_code == 400
    assert "text" in response.json()


def run_scheduler_pass() -> None:
    """rq-scheduler's own script, once: due jobs move onto their queue."""
    queue = settings.RQ_QUEUES["default"]
    run_manage(
        "shell",
        "-c",
        "import sys; from rq_scheduler.scripts.rqscheduler import main; "
        f"sys.argv = ['rqscheduler', '--burst', '--host', '{queue['HOST']}', "
        f"'--port', '{queue['PORT']}', '--db', '{queue['DB']}']; main()",
    )


def test_scheduled_job_fires_after_a_scheduler_pass(rq_redis):
    job = enqueue_in(timedelta(seconds=0), count_words, "tick tock tick")

    run_scheduler_pass()
    run_worker()

    assert fetch_job(job.id).return_value() == {"tick": 2, "tock": 1}


def test_job_scheduled_at_a_past_time_fires_on_the_next_pass(rq_redis):
    job = enqueue_at(datetime.now(timezone.utc) - timedelta(minutes=1), count_words, "late")

    run_scheduler_pass()
    run_worker()

    assert fetch_job(job.id).return_value() == {"late": 1}


def test_job_scheduled_for_later_does_not_fire_yet(rq_redis):
    job = enqueue_in(timedelta(hours=1), count_words, "not yet")

    run_scheduler_pass()
    run_worker()

    assert fetch_job(job.id).get_status() != "finished"


def test_enqueue_returns_the_job_a_worker_will_run(rq_redis):
    job = enqueue("testproject.jobs.count_words", "by name")

    run_worker()

    assert fetch_job(job.id).return_value() == {"by": 1, "name": 1}


def test_enqueue_from_a_request_while_redis_is_down_answers_503(api, redis_down):
    response = api.post("/jobs/word-count", {"text": "lost"})

    assert response.status_code == 503
    assert response.json() == {"detail": "The job scheduler is unavailable; try again later."}


def test_enqueue_while_redis_is_down_raises_scheduler_unavailable(redis_down):
    with pytest.raises(SchedulerUnavailable):
        enqueue(count_words, "lost")


@hang_guard
def test_enqueue_from_a_request_while_redis_never_answers_answers_503(api, redis_silent):
    response = api.post("/jobs/word-count", {"text": "lost"})

    assert response.status_code == 503
    assert response.json() == {"detail": "The job scheduler is unavailable; try again later."}


@hang_guard
def test_a_redis_that_never_answers_is_not_asked_again(redis_silent):
    with pytest.raises(SchedulerUnavailable):
        enqueue(count_words, "lost")

    # each retry would hold the request for another socket timeout
    assert redis_silent.connections_made() == 1


def test_enqueue_works_again_once_redis_is_back(settings, rq_redis, redis_down):
    with pytest.raises(SchedulerUnavailable):
        enqueue(count_words, "lost")

    settings.RQ_QUEUES = redis_down
    job = enqueue(count_words, "found")

    assert fetch_job(job.id) is not None


def test_helpers_refuse_to_run_while_the_scheduler_is_off(settings):
    settings.SCHEDULER_REQUIRED = False

    with pytest.raises(ImproperlyConfigured, match="SCHEDULER_REQUIRED"):
        enqueue(count_words, "off")


@pytest.mark.parametrize("path", ["/admin/~rq/", "/admin/~rq/queues/0/"])
def test_dashboard_sends_anonymous_visitors_to_the_login(client, rq_redis, path):
    response = client.get(path)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_dashboard_refuses_signed_in_users_who_are_not_staff(client, django_user_model, rq_redis):
    client.force_login(django_user_model.objects.create_user("not-staff"))

    assert client.get("/admin/~rq/").status_code == 302


def test_dashboard_statistics_refuse_anonymous_callers(client, rq_redis):
    assert client.get("/admin/~rq/stats.json").status_code == 401


def test_dashboard_shows_the_queues_to_staff(admin_client, rq_redis):
    response = admin_client.get("/admin/~rq/")

    assert response.status_code == 200
    assert b"default" in response.content
