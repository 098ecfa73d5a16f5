"""Prepares and serves the demo: migrate, a demo admin, then runserver on 127.0.0.1:8000.

``--with-oidc`` also starts the kit's test OpenID Connect provider with a realm
``demo`` and a user ``demo``, and serves the demo with ``KEYCLOAK_SERVER_URL``
pointing at it. Settings are read once, when the process starts, so the
server runs in a child process started with that variable; the provider lives
in this one and stops with it.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aether_kit.multitenancy import add_user_to_realm, realm_scope, realm_username
from testproject.models import Project, Task

DEMO_ADMIN = "admin"
# two realms, each with a user and its own projects: the API shows each only its own
DEMO_REALMS = {
    "north": ("alice", ["Wells", "Clinics"]),
    "south": ("bob", ["Roads"]),
}
DEMO_REALM = "demo"
DEMO_USER = "demo"
MANAGE_PY = Path(__file__).resolve().parents[2] / "manage.py"


class Command(BaseCommand):
    help = "Apply migrations, create or reset the demo admin and serve the demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Prepare the database but do not serve the demo (with --with-oidc: serve "
            "only the provider).",
        )
        parser.add_argument(
            "--with-oidc",
            action="store_true",
            help="Sign in with Keycloak: start the test OpenID Connect provider with a "
            f"realm '{DEMO_REALM}' and a user '{DEMO_USER}' and serve the demo against it.",
        )

    def handle(
        self, *args: Any, addrport: str, no_serve: bool, with_oidc: bool, **options: Any
    ) -> None:
        from django.conf import settings

        if with_oidc and settings.KEYCLOAK_SERVER_URL:
            raise CommandError(
                "--with-oidc starts its own provider, but KEYCLOAK_SERVER_URL is already set "
                f"({settings.KEYCLOAK_SERVER_URL}); unset it or drop --with-oidc."
            )
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
        if with_oidc:
            self.serve_with_oidc(addrport, serve=not no_serve)
        elif not no_serve:
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

    def serve_with_oidc(self, addrport: str, *, serve: bool) -> None:
        from aether_kit.conf.kit_settings import kit_settings
        from aether_kit.testing.oidc_provider import Client, OIDCProvider

        password = secrets.token_urlsafe(12)
        provider = OIDCProvider([DEMO_REALM], clients=[Client(kit_settings.KEYCLOAK_CLIENT_ID)])
        with provider:
            provider.add_user(
                DEMO_REALM,
                DEMO_USER,
                password,
                given_name="Demo",
                family_name="User",
                email="demo@example.org",
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"OpenID Connect provider at {provider.server_url}: realm '{DEMO_REALM}', "
                    f"username '{DEMO_USER}', password '{password}'"
                )
            )
            if not serve:
                self.stdout.write(
                    "Serving the provider only. In another shell run\n"
                    f"  KEYCLOAK_SERVER_URL={provider.server_url} "
                    f"python {MANAGE_PY} runserver {addrport}\n"
                    "and stop this command with Ctrl-C when you are done."
                )
                self.wait_forever()
                return
            environ = {**os.environ, "KEYCLOAK_SERVER_URL": provider.server_url}
            command = [sys.executable, str(MANAGE_PY), "runserver", addrport, "--noreload"]
            try:
                finished = subprocess.run(command, env=environ, check=False)  # noqa: S603
            except KeyboardInterrupt:
                self.stdout.write("Stopped.")
                return
            if finished.returncode != 0:
                raise CommandError(f"runserver stopped with exit code {finished.returncode}")

    def wait_forever(self) -> None:
        import threading

        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
