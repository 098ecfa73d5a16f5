"""The README's two set-up commands stay the ones the repository really runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set-up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_the_readme_has_exactly_two_set_up_commands():
    assert len(readme_commands()) == 2


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()

    assert ci_lines[-1] == readme_commands()[1]


def test_the_readme_demo_command_runs_the_demo_service():
    assert readme_commands()[0].endswith("testproject/manage.py rundemo")
