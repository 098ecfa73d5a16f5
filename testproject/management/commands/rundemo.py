"""Prepares and serves the demo: migrate, a demo admin, then runserver on 127.0.0.1:8000."""

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from aether_kit.multitenancy import add_user_to_realm, realm_scope, realm_username
from testproject.models import Project, Task

DEMO_ADMIN = "admin"
# two realms, each with a user and its own projects: the API shows each only its own
DEMO_REALMS = {
    "north": ("alice", ["Wells", "Clinics"]),
    "south": ("bob", ["Roads"]),
}


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
        self.seed_realms()
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)

    def seed_realms(self) -> None:
        """A user and some projects per realm; existing demo data is left alone."""
        user_model = get_user_model()
        for realm, (name, projects) in DEMO_REALMS.items():
            password = secrets.token_urlsafe(12)
            user, _ = user_model.objects.get_or_create(username=realm_username(realm, name))
            user.set_password(password)
            user.save()
            add_user_to_realm(user, realm)
            with realm_scope(realm):
                if not Project.objects.exists():
                    for title in projects:
                        project = Project.objects.create(name=title)
                        Task.objects.create(project=project, name=f"Survey {title.lower()}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Realm '{realm}': sign in as '{user.username}', password "
                    f"'{password}', and browse /projects/ ({len(projects)} project(s))"
                )
            )
