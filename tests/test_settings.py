"""Settings are written once (kg.settings): the CLI's help and README's settings table come
from, or must agree with, the same fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.settings import ServerSettings, Settings, settings_of
from tests.paths import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def readme_settings(text: str = README) -> dict[str, tuple[str, str]]:
    """README's settings table: option -> (environment variable, default as shown)."""
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`kg"):
            continue
        option = re.sub(r"^`kg (?:serve )?|`$", "", cells[0])
        rows[option] = (cells[1].strip("`"), cells[2].strip("`"))
    return rows


def from_the_code() -> dict[str, tuple[str, str]]:
    return {
        info.option: (info.envvar, info.shown_default)
        for cls in (Settings, ServerSettings)
        for info in settings_of(cls)
    }


def test_readme_table_lists_every_setting_with_its_variable_and_default() -> None:
    assert readme_settings() == from_the_code()


@pytest.mark.parametrize(
    ("change", "found"),
    [
        (("| `8000` |", "| `8001` |"), "a wrong default"),
        (("`KG_WORKERS`", "`KG_WORKER`"), "a wrong variable"),
        (("| `kg serve --threads` |", "| `kg serve --thread` |"), "a misnamed option"),
    ],
)
def test_the_check_sees_a_table_that_disagrees(change: tuple[str, str], found: str) -> None:
    old, new = change
    assert README.count(old) == 1
    assert readme_settings(README.replace(old, new)) != from_the_code(), found


@pytest.mark.parametrize(
    ("command", "cls"), [((), Settings), (("serve",), ServerSettings)], ids=["kg", "serve"]
)
def test_help_names_each_settings_variable_and_default(command: tuple, cls: type) -> None:
    result = CliRunner().invoke(main, [*command, "--help"], terminal_width=1000)
    assert result.exit_code == 0
    help_text = " ".join(result.output.split())
    for info in settings_of(cls):
        assert f"{info.option} " in help_text
        assert f"[env {info.envvar}; default {info.shown_default}]" in help_text


def test_option_beats_environment_beats_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_PORT", "9000")
    monkeypatch.setenv("KG_DATA_DIR", "/tmp/elsewhere")
    assert ServerSettings.from_env().port == 9000
    assert ServerSettings.from_env(port=7000).port == 7000
    assert ServerSettings.from_env().workers == 2
    assert Settings.from_env().data_dir == Path("/tmp/elsewhere")
    assert Settings.from_env(data_dir="out").data_dir == Path("out")
    assert Settings.from_env().seeds_dir == Path("seeds")  # relative to where kg runs


def test_a_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_WORKERS", "two")
    with pytest.raises(ValueError, match=r"KG_WORKERS='two' is not a int"):
        ServerSettings.from_env()
