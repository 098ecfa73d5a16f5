#!/usr/bin/env python
"""Runs the demo service: ``python testproject/manage.py rundemo``.

Any other command works on a fresh clone too (``migrate``, ``runserver``, ``createsuperuser``):
the folder of the demo's SQLite file (``var/`` by default) is made before the command runs.
"""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testproject.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from aether_kit.conf import EnvError

    try:
        try:
            database = settings.DATABASES["default"]
        except EnvError:
            raise
        except ImproperlyConfigured:
            pass  # the command reports it
        else:
            if database["ENGINE"].endswith("sqlite3") and database["NAME"] != ":memory:":
                Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        execute_from_command_line(sys.argv)
    except EnvError as error:
        # the deployment's variables are wrong: the list says what to fix, a traceback of
        # Django's start-up would only bury it
        sys.exit(f"{type(error).__name__}: {error}")
