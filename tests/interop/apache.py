"""Apache httpd with mod_auth_openidc as the gateway, configured from the documented template.

The virtual host is ``docs/guides/apache-gateway.conf`` as the gateway guide shows it; this
module only writes the server around it (a private ServerRoot, PidFile and logs under a
temporary directory) and the ``Define`` lines that fill it in.
"""

from __future__ import annotations

import os
import pwd
import secrets
from collections.abc import Sequence
from pathlib import Path

from tests.services import closed_port

from .counterparts import Counterpart, require_program

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "docs" / "guides" / "apache-gateway.conf"
APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
MOD_AUTH_OPENIDC = MODULES / "mod_auth_openidc.so"
LOADED = (
    ("mpm_event_module", "mod_mpm_event.so"),
    ("authn_core_module", "mod_authn_core.so"),
    ("authz_core_module", "mod_authz_core.so"),
    ("authz_user_module", "mod_authz_user.so"),
    ("headers_module", "mod_headers.so"),
    ("proxy_module", "mod_proxy.so"),
    ("proxy_http_module", "mod_proxy_http.so"),
    ("auth_openidc_module", "mod_auth_openidc.so"),
)


def require_apache() -> None:
    require_program(APACHE, "apache2")
    require_program(MOD_AUTH_OPENIDC, "libapache2-mod-auth-openidc")


def _define(name: str, value: str) -> str:
    if any(char in value for char in '"\n'):
        raise ValueError(f"{name}={value!r} cannot be written into an Apache Define")
    return f'Define {name} "{value}"'


class ApacheGateway(Counterpart):
    """``apache2 -DFOREGROUND`` serving the gateway template for one realm."""

    name = "apache2"

    def __init__(
        self,
        directory: Path,
        *,
        realm: str,
        oidc_server_url: str,
        client_id: str,
        client_secret: str,
        service_url: str,
        static_url: str = "/static/",
        scheme: str = "http",
    ) -> None:
        """``scheme`` is what the gateway tells the service the browser used: ``https``
        stands for a gateway behind a TLS terminator (the browser still speaks HTTP here).
        """
        super().__init__(closed_port(), directory / "error.log")
        self.directory = directory
        self.values = {
            "GATEWAY_LISTEN": f"127.0.0.1:{self.port}",
            "GATEWAY_URL": self.url,
            "GATEWAY_SCHEME": scheme,
            "REALM": realm,
            "OIDC_SERVER_URL": oidc_server_url,
            "OIDC_CLIENT_ID": client_id,
            "OIDC_CLIENT_SECRET": client_secret,
            "OIDC_PASSPHRASE": secrets.token_urlsafe(32),
            "SERVICE_URL": service_url,
            "STATIC_URL": static_url,
        }

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def callback_url(self) -> str:
        return f"{self.url}/oidc/callback"

    def logout_url(self, then: str = "/") -> str:
        """mod_auth_openidc's sign-out: ends its session and the provider's, then ``then``."""
        return f"/oidc/callback?logout={then}"

    def server_config(self) -> str:
        lines = [
            f'ServerRoot "{self.directory}"',
            f'PidFile "{self.directory / "apache2.pid"}"',
            f'DefaultRuntimeDir "{self.directory}"',
            f'ErrorLog "{self.log}"',
            "LogLevel warn auth_openidc:warn",
            "ServerName 127.0.0.1",
            *(f'LoadModule {name} "{MODULES / file}"' for name, file in LOADED),
            *self._run_as(),
            *(_define(name, value) for name, value in self.values.items()),
            f'Include "{TEMPLATE}"',
        ]
        return "\n".join(lines) + "\n"

    def _run_as(self) -> Sequence[str]:
        """Apache refuses to serve as root: its workers take Debian's www-data instead."""
        if os.geteuid() != 0:
            return []
        pwd.getpwnam("www-data")
        return ["User www-data", "Group www-data"]

    def command(self) -> Sequence[str]:
        config = self.directory / "apache2.conf"
        config.write_text(self.server_config())
        return [str(APACHE), "-f", str(config), "-DFOREGROUND"]
