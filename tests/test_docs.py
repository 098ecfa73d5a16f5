"""The documentation keeps up with the code: every variable read is documented, every link lands.

The variables are found by parsing ``aether_kit`` (not by importing it): a call on an ``Env``
named ``env`` (``env.str("NAME", …)``, ``env.is_set("NAME")``…) reads its first argument; a
helper handed the ``env`` (``_version(env, "APP_VERSION", "VERSION_FILE", …)``) reads every
upper-case string it is given. An f-string name (``f"{prefix}_URL"``) stands for
``<APP>_URL``. The documented ones are the first cells of the ``| variable |`` tables under
``docs/configuration/``.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIGURATION = ROOT / "docs" / "configuration"
ENV_READERS = {
    "raw",
    "is_set",
    "str",
    "bool",
    "int",
    "float",
    "optional_int",
    "list",
    "url",
    "host",
    "hosts",
}
VARIABLE_NAME = re.compile(r"^(?:<APP>_)?[A-Z][A-Z0-9_]*$")
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def variable_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        name = node.value
    elif isinstance(node, ast.JoinedStr):
        name = "".join(
            part.value if isinstance(part, ast.Constant) else "<APP>" for part in node.values
        )
    else:
        return None
    return name if VARIABLE_NAME.match(name) else None


def is_env(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "env"


def names_read_by(call: ast.Call) -> list[str]:
    if isinstance(call.func, ast.Attribute) and is_env(call.func.value):
        if call.func.attr in ENV_READERS and call.args:
            return [name for name in [variable_name(call.args[0])] if name]
        return []
    if call.args and is_env(call.args[0]):
        return [name for name in map(variable_name, call.args[1:]) if name]
    return []


def variables_read_by_the_kit() -> dict[str, str]:
    """Each variable with the first place that reads it."""
    found: dict[str, str] = {}
    for module in sorted((ROOT / "aether_kit").rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for name in names_read_by(node):
                    found.setdefault(name, f"{module.relative_to(ROOT)}:{node.lineno}")
    return found


def documented_variables() -> list[tuple[str, str]]:
    """(variable, page) for every name in the first cell of a ``| variable |`` table row."""
    rows = []
    for page in sorted(CONFIGURATION.glob("*.md")):
        in_variable_table = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if not line.startswith("|"):
                in_variable_table = False
                continue
            first_cell = line.split("|")[1].strip()
            if first_cell == "variable":
                in_variable_table = True
            elif in_variable_table and not first_cell.startswith("---"):
                rows += [(name, page.name) for name in re.findall(r"`([^`]+)`", first_cell)]
    return rows


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def heading_anchors(page: Path) -> set[str]:
    """GitHub's anchors: lower case, punctuation dropped, spaces turned into ``-``."""
    anchors = set()
    in_code = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return anchors


def local_links() -> list[tuple[Path, str]]:
    links = []
    for page in markdown_files():
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
        for target in MARKDOWN_LINK.findall(text):
            if not re.match(r"^[a-z]+:", target):
                links.append((page, target))
    return links


def test_every_variable_the_kit_reads_is_documented():
    documented = {name for name, _ in documented_variables()}

    missing = {
        name: place for name, place in variables_read_by_the_kit().items() if name not in documented
    }

    assert not missing, f"not in any docs/configuration table: {missing}"


def test_every_variable_is_documented_once():
    counts = Counter(name for name, _ in documented_variables())

    repeated = {
        name: [page for other, page in documented_variables() if other == name]
        for name, count in counts.items()
        if count > 1
    }

    assert not repeated, f"documented more than once: {repeated}"


def test_every_documented_variable_is_read_by_the_kit():
    read = variables_read_by_the_kit()

    stale = sorted({name for name, _ in documented_variables() if name not in read})

    assert not stale, f"documented but read nowhere in aether_kit: {stale}"


def test_every_configure_function_has_a_row_in_the_configuration_index():
    import aether_kit.conf

    functions = {name for name in aether_kit.conf.__all__ if name.startswith("configure_")}
    index = (CONFIGURATION / "README.md").read_text(encoding="utf-8")

    assert {name for name in functions if f"`{name}`" not in index} == set()


@pytest.mark.parametrize(
    ("page", "target"),
    local_links(),
    ids=[f"{page.relative_to(ROOT)}->{target}" for page, target in local_links()],
)
def test_local_link_points_to_an_existing_file_and_heading(page, target):
    path, _, anchor = target.partition("#")
    linked = (page.parent / path).resolve() if path else page

    assert linked.exists(), f"{page.relative_to(ROOT)} links to missing {path}"
    if anchor and linked.suffix == ".md":
        assert anchor in heading_anchors(linked), f"no heading #{anchor} in {path or page.name}"


# -- the operations guide's "When a dependency fails" table ------------------------------------

OPERATIONS = ROOT / "docs" / "guides" / "operations.md"


def dependency_table() -> dict[tuple[str, str], list[str]]:
    """(dependency, fault) -> the row's cells, from the table headed ``| dependency | fault |``."""
    rows: dict[tuple[str, str], list[str]] = {}
    in_table = False
    for line in OPERATIONS.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[:2] == ["dependency", "fault"]:
            in_table = True
        elif in_table and line.startswith("|") and not cells[0].startswith("---"):
            rows[(cells[0], cells[1])] = cells
        elif in_table and not line.startswith("|"):
            break
    return rows


def default_timeouts() -> dict[str, float]:
    """The settings the table's numbers come from, as the kit's defaults set them."""
    from aether_kit.conf import Env, configure_database
    from aether_kit.conf.kit_settings import DEFAULTS
    from aether_kit.conf.redis import SOCKET_TIMEOUT

    postgres = configure_database(
        Env({"PGHOST": "db", "PGPORT": "5432", "DB_NAME": "app", "PGUSER": "app"})
    )["DATABASES"]["default"]
    return {
        "SOCKET_TIMEOUT": SOCKET_TIMEOUT,
        "DEPENDENCY_BACKOFF": DEFAULTS["DEPENDENCY_BACKOFF"],
        "DB_CONNECT_TIMEOUT": postgres["OPTIONS"]["connect_timeout"],
        "HEALTH_CHECK_TIMEOUT": DEFAULTS["HEALTH_CHECK_TIMEOUT"],
        "REQUEST_CONNECT_TIMEOUT": DEFAULTS["REQUEST_CONNECT_TIMEOUT"],
        "REQUEST_READ_TIMEOUT": DEFAULTS["REQUEST_READ_TIMEOUT"],
    }


def expected_longest_waits() -> dict[tuple[str, str], float]:
    """How long one request can wait for each failing dependency, from the settings.

    A refused connection fails at once (retries of a refused connect pause for
    fractions of a second); a silent one costs the client's read timeout once, after
    which the breaker answers for it. botocore waits the read timeout on every attempt
    of the storage call that meets the silence (``REQUEST_ERROR_RETRIES`` is its
    ``total_max_attempts``, the first attempt included).
    """
    from aether_kit.conf.kit_settings import DEFAULTS

    t = default_timeouts()
    storage_attempts = DEFAULTS["REQUEST_ERROR_RETRIES"]
    silent = {
        "PostgreSQL": t["DB_CONNECT_TIMEOUT"],
        "Redis cache": t["SOCKET_TIMEOUT"],
        "Redis queue": t["SOCKET_TIMEOUT"],
        "storage (S3, MinIO, GCS)": t["REQUEST_READ_TIMEOUT"] * storage_attempts,
        "Keycloak keys (JWKS)": t["REQUEST_READ_TIMEOUT"],
        "external apps": t["REQUEST_READ_TIMEOUT"],
    }
    waits = {(name, "silent"): seconds for name, seconds in silent.items()}
    waits.update({(name, "refused"): 0.0 for name in silent})
    return waits


def test_the_dependency_table_covers_every_dependency_and_fault():
    assert sorted(dependency_table()) == sorted(expected_longest_waits())


@pytest.mark.parametrize("row", sorted(expected_longest_waits()), ids=" ".join)
def test_the_dependency_table_takes_its_longest_waits_from_the_settings(row):
    written = dependency_table()[row][-1]

    assert written == f"{expected_longest_waits()[row]:g} s"


def test_the_dependency_table_states_the_defaults_it_is_computed_from():
    text = " ".join(OPERATIONS.read_text(encoding="utf-8").split())

    for name, seconds in default_timeouts().items():
        assert f"`{name}` {seconds:g} s" in text, name


def test_the_gateway_guide_shows_the_apache_configuration_the_interop_test_runs():
    guide = (ROOT / "docs" / "guides" / "gateway.md").read_text(encoding="utf-8")
    tested = (ROOT / "docs" / "guides" / "apache-gateway.conf").read_text(encoding="utf-8")

    shown = re.findall(r"```apache\n(.*?)```", guide, flags=re.DOTALL)

    assert tested in shown
