from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from aether_kit.breaker import CLOSED, OPEN
from aether_kit.conf import Env, configure_storage
from aether_kit.ops.storage import (
    StorageUnavailable,
    is_storage_unavailable,
    storage_breaker,
    translate_storage_errors,
)
from tests.faultproxy import FaultProxy, wait_for_half_open
from tests.s3 import ACCESS_KEY, REGION, SECRET_KEY, use_storage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bucket_storage")]


def upload(api: APIClient, name: str = "report.txt", content: bytes = b"quarterly numbers"):
    return api.post("/files", {"file": SimpleUploadedFile(name, content)}, format="multipart")


def test_upload_stores_the_file_in_the_media_bucket(api, s3_server, media_bucket):
    response = upload(api)

    assert response.status_code == 201
    assert s3_server.read(media_bucket, "uploads/report.txt") == b"quarterly numbers"


def test_uploaded_file_is_read_back(api):
    upload(api, content=b"read me back")

    response = api.get("/files/report.txt")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"read me back"


def test_upload_url_points_at_the_bucket(api, s3_server, media_bucket):
    url = upload(api).json()["url"]

    assert url == f"{s3_server.endpoint_url}/{media_bucket}/uploads/report.txt"


def test_second_upload_with_the_same_name_keeps_the_first(api, s3_server, media_bucket):
    upload(api, content=b"first")

    second = upload(api, content=b"second").json()["name"]

    assert second != "report.txt"
    assert s3_server.read(media_bucket, "uploads/report.txt") == b"first"


def test_delete_removes_the_file_from_the_bucket(api, s3_server, media_bucket):
    upload(api)

    response = api.delete("/files/report.txt")

    assert response.status_code == 204
    assert s3_server.keys(media_bucket) == []


def test_reading_a_missing_file_answers_404(api):
    assert api.get("/files/nothing-here.txt").status_code == 404


def test_names_that_step_outside_the_uploads_are_refused(api, s3_server, media_bucket):
    s3_server.client().put_object(Bucket=media_bucket, Key="private.txt", Body=b"no")

    assert api.get("/files/..%2Fprivate.txt").status_code == 404


def test_collectstatic_uploads_static_files_to_the_static_bucket(s3_server, static_bucket):
    call_command("collectstatic", "--noinput", "--ignore", "silk", verbosity=0)

    assert "admin/css/base.css" in s3_server.keys(static_bucket)


def test_static_urls_point_at_the_cdn():
    from django.templatetags.static import static

    assert static("admin/css/base.css") == "https://cdn.example.org/static/admin/css/base.css"


def test_upload_while_the_storage_is_down_answers_503(api, storage_down):
    response = upload(api)

    assert response.status_code == 503
    assert response.json() == {"detail": "The file storage is unavailable; try again later."}


def test_read_while_the_storage_is_down_answers_503(api, storage_down):
    assert api.get("/files/report.txt").status_code == 503


def test_upload_succeeds_again_once_the_storage_is_back(api, storage_down, media_bucket, settings):
    settings.DEPENDENCY_BACKOFF = 0  # the back-off is over at once
    assert upload(api).status_code == 503

    storage_down.start()
    response = upload(api)

    assert response.status_code == 201
    assert storage_down.keys(media_bucket) == ["uploads/report.txt"]


@pytest.fixture
def storage_fault(s3_server, media_bucket, settings):
    """The media bucket reached through a fault proxy, with a 1 s read timeout and no retry."""
    proxy = FaultProxy.in_front_of(s3_server.endpoint_url)
    use_storage(
        settings,
        s3_server.minio_environment(
            BUCKET_NAME=media_bucket,
            MINIO_STORAGE_ENDPOINT=f"127.0.0.1:{proxy.port}",
            REQUEST_READ_TIMEOUT="1",
            REQUEST_ERROR_RETRIES="1",  # one attempt: no retry
        ),
    )
    yield proxy
    proxy.close()


def test_a_silent_storage_is_waited_for_once_then_refused_at_once(api, storage_fault):
    storage_fault.blackhole()
    assert upload(api).status_code == 503
    tried = storage_fault.accepted

    response = upload(api)

    assert response.status_code == 503
    assert response.json() == {"detail": "The file storage is unavailable; try again later."}
    assert storage_fault.accepted == tried  # the storage was not called again


def test_a_refusal_says_when_to_try_again(api, storage_fault, settings):
    settings.DEPENDENCY_BACKOFF = 30
    storage_fault.stop()
    upload(api)

    response = upload(api)

    assert response.status_code == 503
    assert 1 <= int(response["Retry-After"]) <= 30


def test_after_the_back_off_one_request_probes_and_the_storage_is_used_again(
    api, storage_fault, settings
):
    settings.DEPENDENCY_BACKOFF = 0.2
    storage_fault.stop()
    assert upload(api).status_code == 503
    storage_fault.start()
    wait_for_half_open(storage_breaker())

    assert upload(api).status_code == 201
    assert storage_breaker().state == CLOSED


def test_a_missing_file_is_an_answer_and_keeps_the_breaker_closed(api, storage_fault):
    assert api.get("/files/never-uploaded.txt").status_code == 404

    assert storage_breaker().state == CLOSED


def test_storages_on_two_servers_have_two_breakers(settings):
    settings.STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"endpoint_url": "http://a:9000"},
        },
        "other": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"endpoint_url": "http://b:9000"},
        },
    }
    with pytest.raises(StorageUnavailable), translate_storage_errors():
        raise ConnectionRefusedError("refused")

    assert storage_breaker().state == OPEN
    assert storage_breaker("other").state == CLOSED


def test_translate_storage_errors_passes_other_errors_through():
    with pytest.raises(FileNotFoundError), translate_storage_errors():
        raise FileNotFoundError("no such file")


def test_translate_storage_errors_turns_a_refused_connection_into_storage_unavailable():
    with pytest.raises(StorageUnavailable), translate_storage_errors():
        raise ConnectionRefusedError("refused")


def test_an_error_raised_from_an_outage_counts_as_unavailable():
    wrapped = ValueError("wrapped")
    wrapped.__cause__ = ConnectionResetError("reset")

    assert is_storage_unavailable(wrapped)


def test_a_denied_request_does_not_count_as_unavailable():
    assert not is_storage_unavailable(PermissionError("denied"))


def test_s3_backend_with_an_endpoint_url_round_trips_a_file(s3_server, media_bucket):
    environment = {
        "STORAGE_REQUIRED": "true",
        "DJANGO_STORAGE_BACKEND": "s3",
        "BUCKET_NAME": media_bucket,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ENDPOINT_URL": s3_server.endpoint_url,
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }
    storage = storages.create_storage(configure_storage(Env(environment))["STORAGES"]["default"])

    name = storage.save("notes/a.txt", ContentFile(b"via s3"))

    assert storage.open(name).read() == b"via s3"
    assert "X-Amz-Signature=" in storage.url(name)
