"""Prepares and serves the demo: migrate, demo users and data, then runserver.

Two realms, ``north`` and ``south``, each with a user (``north__alice``,
``south__bob``) and projects of its own: the API shows each user only its
realm's data. The demo admin works across realms on the Django admin site.

``--with-oidc`` also starts the kit's test OpenID Connect provider with the
same realms and users (``alice`` in ``north``, ``bob`` in ``south``, with the
passwords printed at start) on 127.0.0.1 (``--oidc-port``, a free port by
default), and serves the demo with ``KEYCLOAK_SERVER_URL`` pointing at it.
The addresses printed follow the settings: behind the gateway
(``GATEWAY_SERVICE_ID``) the admin and sign-in pages are under the public
realm and each realm's API under ``<realm>/<service>/``.

Settings are read once, when the process starts, so with ``--with-oidc`` the
server runs in a child process started with ``KEYCLOAK_SERVER_URL``; the
provider lives in this one and stops with it.
"""

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from aether_kit.multitenancy import add_user_to_realm, realm_scope, realm_username
from testproject.models import Project, Task

DEMO_ADMIN = "admin"
# two realms, each with a user and its own projects: the API shows each only its own
DEMO_REALMS = {
    "north": ("alice", ["Wells", "Clinics"]),
    "south": ("bob", ["Roads"]),
}
MANAGE_PY = Path(__file__).resolve().parents[2] / "manage.py"


def base_url(addrport: str) -> str:
    """``http://<host>:<port>`` of runserver's ``addrport`` (a port alone is on 127.0.0.1)."""
    host, _, port = addrport.rpartition(":")
    return f"http://{host or '127.0.0.1'}:{port}"


def realm_api_path(realm: str) -> str:
    """The demo's project list as a realm's users reach it: through the gateway if it is on."""
    from aether_kit.conf.kit_settings import kit_settings

    path = reverse("project-list")
    service_id = kit_settings.GATEWAY_SERVICE_ID
    if not service_id:
        return path
    app_url = str(kit_settings.APP_URL)
    return f"{app_url}{realm}/{service_id}/{path[len(app_url) :]}"


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
            "--oidc-port",
            type=int,
            default=0,
            help="Port of the --with-oidc provider on 127.0.0.1 (default: a free one).",
        )
        parser.add_argument(
            "--with-oidc",
            action="store_true",
            help="Sign in with Keycloak: start the test OpenID Connect provider with the "
            f"demo's realms and users ({', '.join(DEMO_REALMS)}) and serve the demo against it.",
        )

    def handle(
        self,
        *args: Any,
        addrport: str,
        no_serve: bool,
        with_oidc: bool,
        oidc_port: int,
        **options: Any,
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

        self.base_url = base_url(addrport)
        password = secrets.token_urlsafe(12)
        user_model = get_user_model()
        admin, _ = user_model.objects.get_or_create(username=DEMO_ADMIN)
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo admin: username '{DEMO_ADMIN}', password '{password}' "
                f"(the Django admin at {self.base_url}{reverse('admin:index')}, "
                "across every realm)"
            )
        )
        passwords = self.seed_realms(keycloak=with_oidc or bool(settings.KEYCLOAK_SERVER_URL))
        # seen at once even when the output goes to a pipe or a log collector
        self.stdout.flush()
        if with_oidc:
            self.serve_with_oidc(addrport, passwords, serve=not no_serve, port=oidc_port)
        elif not no_serve:
            call_command("runserver", addrport, use_reloader=False)

    def seed_realms(self, *, keycloak: bool = False) -> dict[str, str]:
        """A user and some projects per realm; existing demo data is left alone.

        Answers each realm user's new password, by realm. With Keycloak on, people
        sign in at Keycloak, so the password printed is the API's (basic authentication).
        """
        user_model = get_user_model()
        passwords = {}
        for realm, (name, projects) in DEMO_REALMS.items():
            password = passwords[realm] = secrets.token_urlsafe(12)
            user, _ = user_model.objects.get_or_create(username=realm_username(realm, name))
            user.set_password(password)
            user.save()
            add_user_to_realm(user, realm)
            with realm_scope(realm):
                if not Project.objects.exists():
                    for title in projects:
                        project = Project.objects.create(name=title)
                        Task.objects.create(
                            project=project, name=f"Survey {title.lower()}", assignee=user
                        )
            api = f"{self.base_url}{realm_api_path(realm)} ({len(projects)} project(s))"
            login = f"{self.base_url}{reverse('rest_framework:login')}"
            if keycloak:
                line = (
                    f"Realm '{realm}': browse {api}; API clients may use basic "
                    f"authentication as '{user.username}', password '{password}'"
                )
            else:
                line = (
                    f"Realm '{realm}': sign in at {login} as '{user.username}', password "
                    f"'{password}', and browse {api}"
                )
            self.stdout.write(self.style.SUCCESS(line))
        return passwords

    def serve_with_oidc(
        self, addrport: str, passwords: dict[str, str], *, serve: bool, port: int = 0
    ) -> None:
        from aether_kit.conf.kit_settings import kit_settings
        from aether_kit.testing.oidc_provider import Client, OIDCProvider

        provider = OIDCProvider(
            DEMO_REALMS, clients=[Client(kit_settings.KEYCLOAK_CLIENT_ID)], port=port
        )
        with provider:
            for realm, (name, _) in DEMO_REALMS.items():
                provider.add_user(
                    realm,
                    name,
                    passwords[realm],
                    given_name=name.capitalize(),
                    family_name=realm.capitalize(),
                    email=f"{name}@{realm}.example",
                )
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Keycloak realm '{realm}': sign in at {self.base_url}"
                        f"{reverse('rest_framework:login')} with realm '{realm}', user "
                        f"'{name}', password '{passwords[realm]}'"
                    )
                )
            self.stdout.write(
                self.style.SUCCESS(f"OpenID Connect provider at {provider.server_url}")
            )
            self.stdout.flush()
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
            returncode = self.run_child(command, environ)
            if returncode not in (0, -signal.SIGTERM):
                raise CommandError(f"runserver stopped with exit code {returncode}")

    def run_child(self, command: list[str], environ: dict[str, str]) -> int:
        """Runs the server until it stops; Ctrl-C or SIGTERM here stops it too."""
        child = subprocess.Popen(command, env=environ)  # noqa: S603
        previous = signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        try:
            return child.wait()
        except KeyboardInterrupt:
            child.terminate()
            child.wait()
            self.stdout.write("Stopped.")
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)

    def wait_forever(self) -> None:
        import threading

        stopped = threading.Event()
        previous = signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        try:
            stopped.wait()
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
        finally:
            signal.signal(signal.SIGTERM, previous)
