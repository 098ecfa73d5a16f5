"""Create a service's tables and fill them: ``python -m tests.benchmarks.services.fill``.

Run with the service's ``DJANGO_SETTINGS_MODULE``; ``BENCH_REALMS`` realms of
``BENCH_ROWS`` projects each, the realms' rows interleaved as rows written over time are.
"""

import os

import django


def main() -> None:
    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    model = apps.get_model(settings.BENCH_MODEL)
    realms = [f"realm-{chr(ord('a') + n)}" for n in range(int(os.environ["BENCH_REALMS"]))]
    rows = int(os.environ["BENCH_ROWS"])
    manager = getattr(model.objects, "unscoped", lambda: model.objects)()  # the kit's: all realms
    manager.bulk_create(
        [model(name=f"project {n}", realm=realm) for n in range(rows) for realm in realms],
        batch_size=5000,
    )


if __name__ == "__main__":
    main()
