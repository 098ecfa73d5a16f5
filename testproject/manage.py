#!/usr/bin/env python
"""Runs the demo service: ``python testproject/manage.py rundemo``."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testproject.settings")
    from django.core.management import execute_from_command_line

    from aether_kit.conf import EnvError

    try:
        execute_from_command_line(sys.argv)
    except EnvError as error:
        # the deployment's variables are wrong: the list says what to fix, a traceback of
        # Django's start-up would only bury it
        sys.exit(f"{type(error).__name__}: {error}")
