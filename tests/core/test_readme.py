"""The README's Configuration section lists every environment variable the code reads."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    ROOT / "src/erasmusdesk/settings.py",
    ROOT / "src/erasmusdesk/core/management/commands/serve.py",
]


def test_every_environment_variable_is_documented():
    readme = (ROOT / "README.md").read_text()
    names = set()
    for source in SOURCES:
        text = source.read_text()
        names |= set(re.findall(r"env_\w+\(\s*\"([A-Z_]+)\"", text))
        names |= set(re.findall(r"environ\.get\(\s*\"([A-Z_]+)\"", text))
    assert names, "the pattern found the variables"
    assert sorted(name for name in names if f"`{name}`" not in readme) == []


def test_readme_quick_start_is_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^make \w+", quick_start, flags=re.MULTILINE)
    assert commands == ["make run", "make test"]
