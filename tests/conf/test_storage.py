from __future__ import annotations

import pytest

from aether_kit.conf import Env, EnvError, configure_storage

MINIO = {
    "STORAGE_REQUIRED": "true",
    "DJANGO_STORAGE_BACKEND": "minio",
    "BUCKET_NAME": "media",
    "MINIO_STORAGE_ENDPOINT": "minio.internal:9000",
    "MINIO_STORAGE_ACCESS_KEY": "access",
    "MINIO_STORAGE_SECRET_KEY": "secret",
}
S3 = {
    "STORAGE_REQUIRED": "true",
    "DJANGO_STORAGE_BACKEND": "s3",
    "BUCKET_NAME": "media",
    "AWS_S3_REGION_NAME": "eu-west-1",
}


def storages(environment: dict[str, str]) -> dict:
    return configure_storage(Env(environment))["STORAGES"]


def problems(environment: dict[str, str]) -> list[str]:
    with pytest.raises(EnvError) as error:
        configure_storage(Env(environment))
    return error.value.names


def test_storage_is_the_local_file_system_by_default():
    assert storages({}) == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_false_means_off():
    assert configure_storage(Env({"STORAGE_REQUIRED": "false"}))["DJANGO_STORAGE_BACKEND"] == "file"


def test_minio_uses_the_s3_backend_with_path_style_addressing():
    options = storages(MINIO)["default"]["OPTIONS"]

    assert storages(MINIO)["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["endpoint_url"] == "http://minio.internal:9000"
    assert options["client_config"].s3 == {"addressing_style": "path"}


def test_minio_over_https():
    options = storages({**MINIO, "MINIO_STORAGE_USE_HTTPS": "true"})["default"]["OPTIONS"]

    assert options["endpoint_url"] == "https://minio.internal:9000"


def test_minio_media_urls_are_unsigned_unless_presigning_is_asked_for():
    assert storages(MINIO)["default"]["OPTIONS"]["querystring_auth"] is False
    presigned = {**MINIO, "MINIO_STORAGE_MEDIA_USE_PRESIGNED": "true"}
    assert storages(presigned)["default"]["OPTIONS"]["querystring_auth"] is True


def test_minio_media_url_becomes_the_public_domain():
    environment = {**MINIO, "MINIO_STORAGE_MEDIA_URL": "https://files.example.org/media"}

    options = storages(environment)["default"]["OPTIONS"]

    assert options["custom_domain"] == "files.example.org/media"
    assert options["url_protocol"] == "https:"


def test_uploads_never_overwrite_an_existing_object():
    assert storages(MINIO)["default"]["OPTIONS"]["file_overwrite"] is False


def test_static_files_stay_local_unless_collected_on_storage():
    assert storages(MINIO)["staticfiles"] == {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }


def test_collected_static_files_go_to_the_static_bucket_behind_the_cdn():
    environment = {
        **MINIO,
        "COLLECT_STATIC_FILES_ON_STORAGE": "true",
        "STATIC_BUCKET_NAME": "assets",
        "CDN_URL": "https://cdn.example.org/",
    }

    options = storages(environment)["staticfiles"]["OPTIONS"]

    assert options["bucket_name"] == "assets"
    assert options["custom_domain"] == "cdn.example.org"
    assert options["file_overwrite"] is True
    assert options["querystring_auth"] is False


def test_s3_reads_region_and_optional_acl_and_keys():
    environment = {
        **S3,
        "AWS_DEFAULT_ACL": "private",
        "AWS_ACCESS_KEY_ID": "key-id",
        "AWS_SECRET_ACCESS_KEY": "key-secret",
    }

    options = storages(environment)["default"]["OPTIONS"]

    assert (options["region_name"], options["default_acl"]) == ("eu-west-1", "private")
    assert (options["access_key"], options["secret_key"]) == ("key-id", "key-secret")


def test_s3_without_keys_leaves_credentials_to_boto3():
    assert "access_key" not in storages(S3)["default"]["OPTIONS"]


def test_s3_media_urls_are_signed_by_default():
    assert storages(S3)["default"]["OPTIONS"]["querystring_auth"] is True


def test_gcs_uses_the_google_cloud_backend():
    environment = {"STORAGE_REQUIRED": "true", "DJANGO_STORAGE_BACKEND": "gcs", "BUCKET_NAME": "b"}

    default = storages(environment)["default"]

    assert default["BACKEND"] == "storages.backends.gcloud.GoogleCloudStorage"
    assert default["OPTIONS"]["bucket_name"] == "b"


def test_gcs_static_files_are_served_from_the_cdn():
    environment = {
        "STORAGE_REQUIRED": "true",
        "DJANGO_STORAGE_BACKEND": "gcs",
        "BUCKET_NAME": "b",
        "COLLECT_STATIC_FILES_ON_STORAGE": "true",
        "STATIC_BUCKET_NAME": "s",
        "CDN_URL": "https://cdn.example.org",
    }

    assert storages(environment)["staticfiles"]["OPTIONS"]["custom_endpoint"] == (
        "https://cdn.example.org"
    )


def test_outbound_timeouts_and_retries_apply_to_the_storage_client():
    environment = {**MINIO, "REQUEST_CONNECT_TIMEOUT": "2", "REQUEST_ERROR_RETRIES": "4"}

    config = storages(environment)["default"]["OPTIONS"]["client_config"]

    assert config.connect_timeout == 2.0
    assert config.retries == {"mode": "standard", "total_max_attempts": 4}


def test_unknown_backend_and_missing_bucket_are_reported_together():
    environment = {"STORAGE_REQUIRED": "true", "DJANGO_STORAGE_BACKEND": "dropbox"}

    assert problems(environment) == ["DJANGO_STORAGE_BACKEND", "BUCKET_NAME"]


def test_every_missing_minio_variable_is_named():
    environment = {"STORAGE_REQUIRED": "true", "DJANGO_STORAGE_BACKEND": "minio"}

    assert problems(environment) == [
        "BUCKET_NAME",
        "MINIO_STORAGE_ENDPOINT",
        "MINIO_STORAGE_ACCESS_KEY",
        "MINIO_STORAGE_SECRET_KEY",
    ]


def test_static_bucket_is_required_when_collecting_static_files():
    environment = {**S3, "COLLECT_STATIC_FILES_ON_STORAGE": "true"}

    assert problems(environment) == ["STATIC_BUCKET_NAME"]


def test_half_an_aws_key_pair_is_an_error():
    assert problems({**S3, "AWS_ACCESS_KEY_ID": "key-id"}) == ["AWS_SECRET_ACCESS_KEY"]


def test_missing_region_and_bad_addressing_style_are_named():
    environment = {**S3, "AWS_S3_REGION_NAME": "", "AWS_S3_ADDRESSING_STYLE": "sideways"}

    assert sorted(problems(environment)) == ["AWS_S3_ADDRESSING_STYLE", "AWS_S3_REGION_NAME"]


def test_collecting_static_files_without_a_storage_is_an_error():
    environment = {"COLLECT_STATIC_FILES_ON_STORAGE": "true", "CDN_URL": "cdn.example.org"}

    assert problems(environment) == ["CDN_URL", "COLLECT_STATIC_FILES_ON_STORAGE"]


GCS = {"STORAGE_REQUIRED": "true", "DJANGO_STORAGE_BACKEND": "gcs", "BUCKET_NAME": "b"}
COLLECTING = {
    "COLLECT_STATIC_FILES_ON_STORAGE": "true",
    "STATIC_BUCKET_NAME": "assets",
    "CDN_URL": "https://cdn.example.org",
    "MINIO_STORAGE_MEDIA_URL": "https://files.example.org",
}


@pytest.mark.parametrize("environment", [MINIO, S3, GCS], ids=["minio", "s3", "gcs"])
@pytest.mark.parametrize("alias", ["default", "staticfiles"])
def test_every_option_is_one_the_backend_accepts(environment, alias):
    from django.core.files.storage import storages as handler

    config = storages({**environment, **COLLECTING})[alias]

    storage = handler.create_storage(config)

    assert storage.bucket_name == config["OPTIONS"]["bucket_name"]


def test_a_minio_endpoint_that_is_not_a_host_is_named():
    assert problems({**MINIO, "MINIO_STORAGE_ENDPOINT": "::not a host::"}) == [
        "MINIO_STORAGE_ENDPOINT"
    ]


def test_out_of_range_timeouts_and_retries_are_named_not_passed_to_botocore():
    bad = {"REQUEST_READ_TIMEOUT": "0", "REQUEST_ERROR_RETRIES": "0"}

    assert problems({**MINIO, **bad}) == ["REQUEST_READ_TIMEOUT", "REQUEST_ERROR_RETRIES"]
