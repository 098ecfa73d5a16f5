import threading
import time

import pytest
from django.db import connection
from django.test import override_settings

from aether_kit.health.probes import (
    FAIL,
    PASS,
    WARN,
    CacheCheck,
    CheckResult,
    DatabaseCheck,
    HealthCheck,
    HealthCheckWarning,
    RQCheck,
    StorageCheck,
    get_checks,
    run_checks,
    worst_status,
)
from tests.redis_server import (
    REDIS_PASSWORD,
    configured_cache,
    down_redis_cache,
    redis_cache,
    shared_redis_url,
)
from tests.services import closed_port


class HangingCheck(HealthCheck):
    name = "hanging:responseTime"

    def __init__(self):
        self.released = threading.Event()

    def probe(self, component):
        self.released.wait(timeout=30)


class WarningCheck(HealthCheck):
    name = "degraded:responseTime"

    def probe(self, component):
        raise HealthCheckWarning("slower than usual")


@pytest.mark.django_db
def test_database_check_passes_for_each_configured_database():
    results = run_checks([DatabaseCheck()])

    assert [(r.name, r.component_id, r.status) for r in results] == [
        ("database:responseTime", "default", PASS)
    ]


def test_cache_check_passes_on_a_live_redis(shared_redis):
    with override_settings(CACHES={"default": redis_cache(shared_redis_url(2))}):
        [result] = run_checks([CacheCheck()])

    assert result.status == PASS
    assert result.observed_ms is not None


def test_cache_check_fails_when_redis_does_not_answer():
    down = down_redis_cache()
    with override_settings(CACHES={"default": down}):
        [result] = run_checks([CacheCheck()])

    assert result.status == FAIL
    assert "ConnectionError" in result.output


def use_file_storage(settings, location):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }


def test_storage_check_saves_finds_and_deletes_a_probe_file(tmp_path, settings):
    use_file_storage(settings, tmp_path)

    [result] = run_checks([StorageCheck()])

    assert result.status == PASS
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_storage_check_fails_when_the_storage_cannot_be_written(tmp_path, settings):
    blocked = tmp_path / "file-not-directory"
    blocked.write_text("")
    use_file_storage(settings, blocked)

    [result] = run_checks([StorageCheck()])

    assert result.status == FAIL


def test_storage_check_passes_on_the_s3_server_and_leaves_no_probe_file(
    bucket_storage, s3_server, media_bucket
):
    [result] = run_checks([StorageCheck()])

    assert result.status == PASS
    assert s3_server.keys(media_bucket) == []


def test_storage_check_fails_while_the_s3_server_is_down(bucket_storage, storage_down):
    [result] = run_checks([StorageCheck()])

    assert result.status == FAIL
    assert result.output.startswith("EndpointConnectionError")


def test_storage_check_passes_again_once_the_s3_server_is_back(bucket_storage, storage_down):
    [down] = run_checks([StorageCheck()])
    storage_down.start()

    [back] = run_checks([StorageCheck()])

    assert (down.status, back.status) == (FAIL, PASS)


def test_cache_check_passes_on_a_redis_that_requires_the_configured_password(password_redis):
    conf = configured_cache(password_redis.port, REDIS_PASSWORD=REDIS_PASSWORD)
    with override_settings(CACHES=conf["CACHES"]):
        [result] = run_checks([CacheCheck()])

    assert result.status == PASS


def test_cache_check_fails_with_the_reason_when_the_redis_password_is_wrong(password_redis):
    conf = configured_cache(password_redis.port, REDIS_PASSWORD="wrong-password")
    with override_settings(CACHES=conf["CACHES"]):
        [result] = run_checks([CacheCheck()])

    assert result.status == FAIL
    assert result.output.startswith("AuthenticationError")
    assert "wrong-password" not in result.output


def test_rq_check_pings_every_queue_connection(shared_redis, settings):
    settings.RQ_QUEUES = {
        "default": {"HOST": "127.0.0.1", "PORT": 6379, "DB": 4},
        "offline": {"HOST": "127.0.0.1", "PORT": closed_port(), "DB": 4},
    }

    results = {r.component_id: r.status for r in run_checks([RQCheck()])}

    assert results == {"default": PASS, "offline": FAIL}


def test_a_hanging_check_fails_at_its_timeout_without_holding_the_answer():
    check = HangingCheck()
    try:
        [result] = run_checks([check], timeout=0.2)
    finally:
        check.released.set()

    assert result.status == FAIL
    assert "no answer within 0.2 seconds" in result.output


def test_a_warning_check_reports_warn():
    [result] = run_checks([WarningCheck()])

    assert (result.status, result.output) == (WARN, "slower than usual")


def test_the_worst_status_wins():
    def result(status):
        return CheckResult("x:y", None, "component", status)

    assert worst_status([result(PASS), result(FAIL), result(WARN)]) == FAIL
    assert worst_status([result(PASS), result(WARN)]) == WARN
    assert worst_status([]) == PASS


def test_checks_of_dependencies_not_configured_are_left_out(settings):
    settings.STORAGE_REQUIRED = False
    settings.SCHEDULER_REQUIRED = False
    settings.HEALTH_CHECKS = [
        "aether_kit.health.probes.DatabaseCheck",
        "aether_kit.health.probes.StorageCheck",
        "aether_kit.health.probes.RQCheck",
    ]

    assert [type(check) for check in get_checks()] == [DatabaseCheck]


@pytest.mark.django_db(transaction=True)
def test_database_checks_leave_no_connection_open():
    if connection.vendor != "postgresql":
        pytest.skip("counts server-side connections of PostgreSQL")

    def open_connections() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            )
            return cursor.fetchone()[0]

    before = open_connections()
    for _ in range(5):
        run_checks([DatabaseCheck()])
    # a closed connection's server process takes a moment to leave pg_stat_activity
    for _ in range(100):
        if open_connections() <= before:
            break
        time.sleep(0.05)

    assert open_connections() <= before
