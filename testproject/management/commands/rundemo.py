"""Prepares and serves the demo: migrate, a demo admin, then runserver on 127.0.0.1:8000."""

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

DEMO_ADMIN = "admin"


class Command(BaseCommand):
    help = "Apply migrations, create or reset the demo admin and serve the demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the database but do not serve."
        )

    def handle(self, *args: Any, addrport: str, no_serve: bool, **options: Any) -> None:
        from pathlib import Path

        from django.conf import settings

        sqlite_path = settings.DATABASES["default"]["NAME"]
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            Path(sqlite_path).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)

        password = secrets.token_urlsafe(12)
        user_model = get_user_model()
        admin, _ = user_model.objects.get_or_create(username=DEMO_ADMIN)
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()
        self.stdout.write(
            self.style.SUCCESS(f"Demo admin: username '{DEMO_ADMIN}', password '{password}'")
        )
        # seen at once even when the output goes to a pipe or a log collector
        self.stdout.flush()
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
