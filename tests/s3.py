"""A real S3-compatible server on 127.0.0.1 (moto in server mode) that tests can stop and restart.

Buckets live in moto's in-process backend, so they survive a restart on the
same port: exactly what "the storage was down and came back" looks like.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from aether_kit.conf import Env, configure_storage

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


class S3Server:
    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        self._server_class = ThreadedMotoServer
        self._server: Any = None
        self.port = 0

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def endpoint_url(self) -> str:
        return f"http://{self.endpoint}"

    def start(self) -> None:
        """Start listening (on the same port after a stop); a running server is left alone."""
        if self._server is not None:
            return
        self._server = self._server_class(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        self.port = self._server.get_host_and_port()[1]

    def stop(self) -> None:
        """Stop answering and close the listening socket, so connections are refused."""
        if self._server is not None:
            listener = self._server._server
            self._server.stop()
            listener.server_close()
            self._server = None

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def create_bucket(self) -> str:
        name = f"test-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def read(self, bucket: str, key: str) -> bytes:
        body: bytes = self.client().get_object(Bucket=bucket, Key=key)["Body"].read()
        return body

    def minio_environment(self, **extra: str) -> dict[str, str]:
        """aether.sdk's MinIO variables pointing at this server."""
        return {
            "STORAGE_REQUIRED": "true",
            "DJANGO_STORAGE_BACKEND": "minio",
            "MINIO_STORAGE_ENDPOINT": self.endpoint,
            "MINIO_STORAGE_ACCESS_KEY": ACCESS_KEY,
            "MINIO_STORAGE_SECRET_KEY": SECRET_KEY,
            # an outage must fail fast in tests too
            "REQUEST_CONNECT_TIMEOUT": "1",
            "REQUEST_ERROR_RETRIES": "1",
            **extra,
        }


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def storage_down(s3_server: S3Server) -> Iterator[S3Server]:
    """The S3 server stopped (connections refused); it is running again after the test."""
    s3_server.stop()
    yield s3_server
    s3_server.start()


@pytest.fixture
def media_bucket(s3_server: S3Server) -> str:
    return s3_server.create_bucket()


@pytest.fixture
def static_bucket(s3_server: S3Server) -> str:
    return s3_server.create_bucket()


def use_storage(settings: Any, environment: dict[str, str]) -> dict:
    """``settings`` switched to what ``configure_storage`` makes of ``environment``."""
    conf = configure_storage(Env(environment))
    for name, value in conf.items():
        setattr(settings, name, value)
    return conf


@pytest.fixture
def bucket_storage(
    settings: Any, s3_server: S3Server, media_bucket: str, static_bucket: str
) -> dict:
    """Settings switched to the S3 server: uploads and collected static files in buckets."""
    return use_storage(
        settings,
        s3_server.minio_environment(
            BUCKET_NAME=media_bucket,
            STATIC_BUCKET_NAME=static_bucket,
            COLLECT_STATIC_FILES_ON_STORAGE="true",
            CDN_URL="https://cdn.example.org/static",
        ),
    )
