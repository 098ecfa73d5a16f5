"""panva's ``oidc-provider`` (a certified OpenID Provider), run by Node.js for the interop tests.

``scripts/install-node-packages`` installs it (``npm ci`` in ``tests/interop/oidc_provider``,
pinned by its lock file). Without Node.js or the package the tests are skipped, unless CI is
set: then they fail, so a machine without them cannot pass by skipping.
"""

from __future__ import annotations

import json
import selectors
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from aether_kit.external import get_session
from tests.services import under_ci

HERE = Path(__file__).resolve().parent / "oidc_provider"
SERVER = HERE / "server.js"
PACKAGE = HERE / "node_modules" / "oidc-provider" / "package.json"
START_TIMEOUT = 60.0


def require_node_provider() -> str:
    """The ``node`` executable; skips (or, under CI, fails) the caller when it cannot run."""
    node = shutil.which("node")
    problem = None
    if node is None:
        problem = "Node.js is not installed (scripts/install-system-packages)"
    elif not PACKAGE.exists():
        problem = f"oidc-provider is not installed in {HERE} (scripts/install-node-packages)"
    if problem is None:
        return str(node)
    if under_ci():
        pytest.fail(f"{problem} (CI is set, so this is a failure)")
    pytest.skip(problem)


def installed_version() -> str:
    return str(json.loads(PACKAGE.read_text())["version"])


@dataclass
class NodeProvider:
    """The running server: its base URL and what it printed about its realms and clients."""

    process: subprocess.Popen[str]
    url: str
    info: dict[str, Any] = field(repr=False)

    @property
    def server_url(self) -> str:
        """The value for ``KEYCLOAK_SERVER_URL``: each realm is mounted at ``/realms/<realm>``."""
        return f"{self.url}/realms"

    def issuer(self, realm: str) -> str:
        return f"{self.server_url}/{realm}"

    def rotate_keys(self, realm: str) -> list[str]:
        """A new signing key for ``realm``, the old ones still published; the key ids."""
        with get_session(retries=0) as http:
            response = http.post(f"{self.url}/_control/{realm}/rotate-keys")
        response.raise_for_status()
        return list(response.json()["kids"])

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()  # the server exits when its standard input closes
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_node_provider(
    realms: list[str], redirect_uris: list[str], post_logout_redirect_uris: list[str]
) -> NodeProvider:
    node = require_node_provider()
    process = subprocess.Popen(  # noqa: S603
        [
            node,
            str(SERVER),
            "--realms",
            ",".join(realms),
            "--redirect-uri",
            ",".join(redirect_uris),
            "--post-logout-redirect-uri",
            ",".join(post_logout_redirect_uris),
        ],
        cwd=HERE,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + START_TIMEOUT
    line = ""
    while not line and time.monotonic() < deadline and process.poll() is None:
        if selector.select(timeout=0.5):
            line = process.stdout.readline()
    selector.close()
    if not line:
        process.kill()
        process.wait()
        pytest.fail(f"oidc-provider did not start within {START_TIMEOUT:.0f} s")
    info = json.loads(line)
    return NodeProvider(process=process, url=info["url"], info=info)
