from tests.s3 import (  # noqa: F401
    bucket_storage,
    media_bucket,
    s3_server,
    static_bucket,
    storage_down,
)
