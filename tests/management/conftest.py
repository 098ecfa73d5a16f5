from tests.s3 import bucket_storage, media_bucket, s3_server, static_bucket  # noqa: F401
