"""The function calls one realm-list request makes in a service.

    python -m tests.benchmarks.services.count_calls

Run with a service's environment (``database.service_env``). ``BENCH_TOKEN`` is
the gateway token the kit's requests carry; ``BENCH_LEAVE_OUT`` names
middleware (dotted paths, comma-separated) taken out of the service's
``MIDDLEWARE``, each of which must be there. The requests go through Django's
WSGI handler in this process, after a warm-up; ``cProfile`` counts every
Python and C function call over ``BENCH_REQUESTS`` of them. Printed as JSON:
the calls per request, and the middleware the service ran. With
``BENCH_PROFILE=false`` the requests run unprofiled, for a count taken from
outside the process (``valgrind --tool=callgrind``).

A count of calls repeats exactly from run to run, where times on a shared
machine do not, and on a list that keeps the worker's CPU busy (as a realm
list with persistent connections does) throughput follows it.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
from typing import Any

import django

from tests.benchmarks.services.database import PATH

WARM_UP = 50


def main() -> None:
    from django.conf import settings

    leave_out = [name for name in os.environ.get("BENCH_LEAVE_OUT", "").split(",") if name]
    unknown = [name for name in leave_out if name not in settings.MIDDLEWARE]
    if unknown:
        raise SystemExit(f"not in {settings.SETTINGS_MODULE}'s MIDDLEWARE: {unknown}")
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name not in leave_out]
    django.setup()
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": PATH,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
    }
    if token := os.environ.get("BENCH_TOKEN"):
        environ["HTTP_X_OAUTH_TOKEN"] = token

    def request() -> None:
        statuses: list[str] = []
        body = application(
            {**environ, "wsgi.input": io.BytesIO()},
            lambda status, headers, exc_info=None: statuses.append(status),
        )
        content = b"".join(body)
        body.close()
        if not statuses[0].startswith("200"):
            raise SystemExit(f"{statuses[0]}: {content[:2000]!r}")

    for _ in range(WARM_UP):
        request()
    requests = int(os.environ.get("BENCH_REQUESTS", "200"))

    def run() -> None:
        for _ in range(requests):
            request()

    calls = None
    if os.environ.get("BENCH_PROFILE", "true") == "true":
        profile = cProfile.Profile()
        profile.runcall(run)
        stats: Any = pstats.Stats(profile)
        calls = stats.total_calls / requests
    else:  # counted from outside (callgrind's instructions): no profiler in the way
        run()
    print(json.dumps({"calls": calls, "middleware": settings.MIDDLEWARE}))


if __name__ == "__main__":
    main()
