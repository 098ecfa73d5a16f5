from tests.ops.fixtures import (  # noqa: F401
    private_redis,
    private_redis_server,
    report_calls,
    shared_redis,
    staff_client,
    user_client,
)
