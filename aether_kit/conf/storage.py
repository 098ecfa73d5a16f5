"""STORAGES: local files by default, or MinIO, Amazon S3 or Google Cloud Storage buckets.

aether.sdk's variables keep their meaning (``STORAGE_REQUIRED``,
``DJANGO_STORAGE_BACKEND``, ``BUCKET_NAME``, ``STATIC_BUCKET_NAME``,
``MINIO_STORAGE_*``, ``AWS_*``, ``COLLECT_STATIC_FILES_ON_STORAGE``, ``CDN_URL``)
but all three remote backends now go through django-storages and Django's
``STORAGES`` setting: MinIO is reached through the S3 protocol with an
endpoint URL and path-style addressing, so there is one client library and one
code path to keep working.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .env import Env
from .kit_settings import DEFAULTS
from .optional import extra_installed

__all__ = ["BACKENDS", "configure_storage"]

BACKENDS = ("minio", "s3", "gcs")

FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
STATIC_FILES_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"
S3_STORAGE = "storages.backends.s3.S3Storage"
GCS_STORAGE = "storages.backends.gcloud.GoogleCloudStorage"
S3_ADDRESSING_STYLES = ("auto", "virtual", "path")


def configure_storage(env: Env) -> dict[str, Any]:
    """Where uploaded files (``default``) and collected static files (``staticfiles``) live.

    Off (``STORAGE_REQUIRED`` unset) the local file system is used. On, every
    missing bucket, key or endpoint of the chosen backend is reported at once.
    Uploads never overwrite an existing object of the same name (two realms
    uploading ``report.pdf`` get two files); static collection and
    ``cdn_publish`` do overwrite, which is what publishing means.
    """
    with env.collect_errors():
        required = env.bool("STORAGE_REQUIRED")
        collect_static = env.bool("COLLECT_STATIC_FILES_ON_STORAGE")
        cdn_url = env.url("CDN_URL", None)
        result: dict[str, Any] = {
            "STORAGE_REQUIRED": required,
            "COLLECT_STATIC_FILES_ON_STORAGE": collect_static,
            "CDN_URL": cdn_url,
            "MEDIA_URL": env.str("MEDIA_URL", "/media/"),
            "MEDIA_ROOT": env.str("MEDIA_ROOT", "/var/www/media/"),
        }
        if not required:
            if collect_static:
                env.error(
                    "COLLECT_STATIC_FILES_ON_STORAGE",
                    "is set but STORAGE_REQUIRED is not; static files can only be "
                    "collected on a remote storage",
                    None,
                )
            result["DJANGO_STORAGE_BACKEND"] = "file"
            result["STORAGES"] = {
                "default": {"BACKEND": FILE_SYSTEM_STORAGE},
                "staticfiles": {"BACKEND": STATIC_FILES_STORAGE},
            }
            return result

        backend = env.str("DJANGO_STORAGE_BACKEND", choices=BACKENDS)
        bucket = env.str("BUCKET_NAME")
        static_bucket = env.str("STATIC_BUCKET_NAME") if collect_static else None
        if backend == "minio":
            common = _minio_options(env)
        elif backend == "s3":
            common = _s3_options(env)
        elif backend == "gcs":
            common = _gcs_options(env)
        else:  # unknown or missing: already reported, keep checking the rest
            common = {}

    storage_class = GCS_STORAGE if backend == "gcs" else S3_STORAGE
    media = {**common.pop("media", {}), "bucket_name": bucket, "file_overwrite": False}
    default = {"BACKEND": storage_class, "OPTIONS": {**common, **media}}
    if static_bucket:
        static = {
            **common,
            "bucket_name": static_bucket,
            "file_overwrite": True,
            # assets are linked from pages: their URLs must not expire
            "querystring_auth": False,
            **_public_base(backend, cdn_url),
        }
        staticfiles: dict[str, Any] = {"BACKEND": storage_class, "OPTIONS": static}
    else:
        staticfiles = {"BACKEND": STATIC_FILES_STORAGE}
    result.update(
        {
            "DJANGO_STORAGE_BACKEND": backend,
            "BUCKET_NAME": bucket,
            "STATIC_BUCKET_NAME": static_bucket,
            "STORAGES": {"default": default, "staticfiles": staticfiles},
        }
    )
    return result


def _minio_options(env: Env) -> dict[str, Any]:
    """MinIO through the S3 protocol: an endpoint URL and path-style bucket addressing."""
    endpoint = env.url("MINIO_STORAGE_ENDPOINT", host_port=True)
    scheme = "https" if env.bool("MINIO_STORAGE_USE_HTTPS") else "http"
    endpoint_url = endpoint if "://" in endpoint else f"{scheme}://{endpoint}"
    media_url = env.url("MINIO_STORAGE_MEDIA_URL", None)
    options = {
        "endpoint_url": endpoint_url.rstrip("/"),
        "access_key": env.str("MINIO_STORAGE_ACCESS_KEY"),
        "secret_key": env.str("MINIO_STORAGE_SECRET_KEY"),
        "region_name": env.str("MINIO_STORAGE_REGION_NAME", "us-east-1"),
        "client_config": _s3_client_config(env, addressing_style="path"),
        "media": {
            # aether.sdk served MinIO media unsigned unless asked otherwise
            "querystring_auth": env.bool("MINIO_STORAGE_MEDIA_USE_PRESIGNED"),
            **_custom_domain(media_url),
        },
    }
    return options


def _s3_options(env: Env) -> dict[str, Any]:
    style = env.str("AWS_S3_ADDRESSING_STYLE", "auto", choices=S3_ADDRESSING_STYLES)
    options: dict[str, Any] = {
        "region_name": env.str("AWS_S3_REGION_NAME"),
        "endpoint_url": env.url("AWS_S3_ENDPOINT_URL", None),
        "default_acl": env.str("AWS_DEFAULT_ACL", None),
        # a rejected style is already reported; "auto" keeps botocore from raising as well
        "client_config": _s3_client_config(
            env, addressing_style=style if style in S3_ADDRESSING_STYLES else "auto"
        ),
        "media": {"querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", True)},
    }
    # without explicit keys boto3's own chain applies (instance roles, AWS_* variables)
    access_key = env.str("AWS_ACCESS_KEY_ID", None)
    secret_key = env.str("AWS_SECRET_ACCESS_KEY", None)
    if bool(access_key) != bool(secret_key):
        missing = "AWS_SECRET_ACCESS_KEY" if access_key else "AWS_ACCESS_KEY_ID"
        env.error(missing, "must be set together with the other AWS key", None)
    if access_key and secret_key:
        options.update(access_key=access_key, secret_key=secret_key)
    return options


def _gcs_options(env: Env) -> dict[str, Any]:
    extra_installed(env, "DJANGO_STORAGE_BACKEND", "storages", "storage")
    extra_installed(env, "DJANGO_STORAGE_BACKEND", "google.cloud.storage", "storage")
    options: dict[str, Any] = {"media": {"querystring_auth": True}}
    project_id = env.str("GS_PROJECT_ID", None)
    if project_id:
        options["project_id"] = project_id
    default_acl = env.str("GS_DEFAULT_ACL", None)
    if default_acl:
        options["default_acl"] = default_acl
    return options


def _s3_client_config(env: Env, *, addressing_style: str) -> Any:
    """A botocore client with the kit's outbound timeouts and bounded retries.

    botocore's own defaults wait 60 seconds to connect; a storage outage must
    surface as an error quickly, like every other outbound call of the kit.
    """
    storages_found = extra_installed(env, "DJANGO_STORAGE_BACKEND", "storages", "storage")
    if not extra_installed(env, "DJANGO_STORAGE_BACKEND", "botocore", "storage") or not (
        storages_found
    ):
        return None
    from botocore.config import Config

    return Config(
        connect_timeout=env.float(
            "REQUEST_CONNECT_TIMEOUT", DEFAULTS["REQUEST_CONNECT_TIMEOUT"], min_value=0.1
        ),
        read_timeout=env.float(
            "REQUEST_READ_TIMEOUT", DEFAULTS["REQUEST_READ_TIMEOUT"], min_value=0.1
        ),
        retries={
            "mode": "standard",
            # botocore counts the first attempt too, as REQUEST_ERROR_RETRIES does
            "total_max_attempts": env.int(
                "REQUEST_ERROR_RETRIES",
                DEFAULTS["REQUEST_ERROR_RETRIES"],
                min_value=1,
                max_value=10,
            ),
        },
        s3={"addressing_style": addressing_style},
        signature_version="s3v4",
    )


def _custom_domain(url: str | None) -> dict[str, Any]:
    """S3 storages build public URLs from a host (and path) plus a protocol."""
    if not url:
        return {}
    parts = urlsplit(url)
    return {"custom_domain": f"{parts.netloc}{parts.path}", "url_protocol": f"{parts.scheme}:"}


def _public_base(backend: str | None, cdn_url: str | None) -> dict[str, Any]:
    if not cdn_url:
        return {}
    if backend == "gcs":
        return {"custom_endpoint": cdn_url}
    return _custom_domain(cdn_url)
