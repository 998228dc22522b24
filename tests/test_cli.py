"""The `dealcraft` command: help, version, validate, new, schema, scenarios, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import line_of

from dealcraft.cli import COMMANDS, main
from sim import __version__
from sim.scenario import load_scenario

COMMAND_NAMES = [command.__name__.rsplit(".", 1)[1] for command in COMMANDS]
PROBLEM_LINE = re.compile(r"^error: (?P<file>.+?):(?P<line>\d+): (?P<field>[\w.\[\]]+): (?P<message>.+)$")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run `dealcraft ARGV` in-process; (exit code, stdout, stderr). argparse exits are caught."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = capsys.readouterr()
    return code, out, err


def bad_text(valid_text: str) -> str:
    return valid_text.replace("motivation = 0.8", "motivation = 1.7").replace('owner = "you"', 'owner = "nobody"')


# ---------------------------------------------------------------- help and version


def test_help(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "usage: dealcraft" in out
    for name in COMMAND_NAMES:
        assert name in out


def test_no_command_prints_help_and_exits_2(capsys):
    code, out, _ = run(capsys)
    assert code == 2
    assert "usage: dealcraft" in out


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"dealcraft {__version__}"


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_help_of_each_command(capsys, name):
    code, out, _ = run(capsys, name, "--help")
    assert code == 0
    assert f"usage: dealcraft {name}" in out


def test_every_issue_command_exists():
    assert {"validate", "new", "scenarios", "schema", "play"} <= set(COMMAND_NAMES)


def test_unknown_command_and_bad_option_exit_2(capsys):
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "validate")[0] == 2  # FILE is required
    assert run(capsys, "schema", "--nope")[0] == 2


# ---------------------------------------------------------------- validate


def test_validate_a_good_file(capsys, write, valid_text):
    path = write(valid_text)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 0
    assert err == ""
    assert str(path) in out and "ok" in out and "Test quarter" in out


def test_validate_quiet_prints_nothing_for_a_good_file(capsys, write, valid_text):
    path = write(valid_text)
    assert run(capsys, "validate", "-q", str(path)) == (0, "", "")


def test_validate_a_bad_file(capsys, write, valid_text):
    path = write(bad_text(valid_text))
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2
    parsed = [PROBLEM_LINE.match(line) for line in lines]
    assert all(parsed), lines
    assert [(m["file"], m["field"]) for m in parsed] == [
        (str(path), "team.reps[0].motivation"),
        (str(path), "accounts.listed[0].owner"),
    ]
    assert int(parsed[0]["line"]) == line_of(path.read_text(encoding="utf-8"), "motivation = 1.7")
    assert "at most 1.0" in parsed[0]["message"] and "1.7" in parsed[0]["message"]
    assert "no rep with id 'nobody'" in parsed[1]["message"]
    assert "2 problems" in out
    assert "Traceback" not in out + err


def test_validate_syntax_error_names_line_and_column(capsys, write, valid_text):
    path = write(valid_text.replace('title = "Test quarter"', 'title = "Test quarter'))
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert re.match(rf"^error: {re.escape(str(path))}:7:\d+: TOML syntax error", err)


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "empty"),
        (b"# nothing here\n", "empty"),
        (b"schema = 1\n\x00\x01", "binary"),
        (b"schema = 1\n[meta]\ntitle = \"caf\xe9\"\n", "UTF-8"),
        (b"schema = [\n", "TOML syntax error"),
        (b"schema = 2\n", "schema 2"),
    ],
)
def test_validate_each_class_of_bad_file_exits_2(capsys, write, content, words):
    path = write(content)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert err.startswith(f"error: {path}")
    assert words in err
    assert "Traceback" not in err


def test_validate_a_file_over_the_size_limit(capsys, write):
    from sim.scenario.loader import MAX_BYTES

    path = write(b"#" * (MAX_BYTES + 10))
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert "limit" in err


def test_validate_missing_file_and_folder(capsys, tmp_path):
    code, _, err = run(capsys, "validate", str(tmp_path / "nope.toml"), str(tmp_path))
    assert code == 2
    assert f"error: {tmp_path / 'nope.toml'}: file not found" in err
    assert f"error: {tmp_path}: is a folder" in err


def test_validate_a_name_that_is_too_long(capsys):
    code, _, err = run(capsys, "validate", "x" * 5000)
    assert code == 2
    assert err.startswith("error: ")


def test_validate_several_files(capsys, write, valid_text):
    good = write(valid_text, "good.toml")
    bad = write(bad_text(valid_text), "bad.toml")
    also_good = write(valid_text, "also-good.toml")
    code, out, err = run(capsys, "validate", str(good), str(bad), str(also_good))
    assert code == 2
    assert f"{good}: ok" in out and f"{also_good}: ok" in out
    assert all(line.startswith(f"error: {bad}:") for line in err.splitlines())
    assert "2 of 3 files valid" in out


def test_validate_several_good_files(capsys, write, valid_text):
    paths = [str(write(valid_text, f"s{i}.toml")) for i in range(3)]
    code, out, err = run(capsys, "validate", *paths)
    assert code == 0 and err == ""
    assert "3 of 3 files valid" in out


# ---------------------------------------------------------------- new


def test_new_writes_a_starter_that_validates(capsys, tmp_path):
    target = tmp_path / "my-quarter"
    code, out, err = run(capsys, "new", str(target))
    assert code == 0, err
    written = tmp_path / "my-quarter.toml"
    assert str(written) in out
    scenario = load_scenario(written)
    assert scenario.meta.title == "My quarter"
    text = written.read_text(encoding="utf-8")
    assert text.count("#") > 10, "the starter explains itself in comments"
    assert run(capsys, "validate", str(written))[0] == 0


def test_new_keeps_a_toml_suffix_and_takes_a_title(capsys, tmp_path):
    target = tmp_path / "q3.toml"
    code, _, _ = run(capsys, "new", str(target), "--title", 'Q3 "push" \\ for retail')
    assert code == 0
    assert load_scenario(target).meta.title == "Q3 'push' for retail"


@pytest.mark.parametrize(
    "title",
    ["line one\nline two", "tab\there", "bell\x07", "x" * 500, "   ", "€ ünïcødé — ok", "{braces} and {0}"],
    ids=["newline", "tab", "control", "too-long", "blank", "unicode", "braces"],
)
def test_new_with_any_title_still_validates(capsys, tmp_path, title):
    target = tmp_path / "odd.toml"
    code, _, err = run(capsys, "new", str(target), "--title", title)
    assert code == 0, err
    assert load_scenario(target).meta.title.strip()


def test_new_with_an_odd_file_name_still_validates(capsys, tmp_path):
    target = tmp_path / "two\nlines {x} \"q\".toml"
    code, _, err = run(capsys, "new", str(target))
    assert code == 0, err
    load_scenario(target)


def test_new_refuses_to_overwrite(capsys, tmp_path):
    target = tmp_path / "mine.toml"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "new", str(target))
    assert code == 2
    assert "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_new_force_overwrites(capsys, tmp_path):
    target = tmp_path / "mine.toml"
    target.write_text("keep me", encoding="utf-8")
    code, _, _ = run(capsys, "new", str(target), "--force")
    assert code == 0
    load_scenario(target)


def test_new_in_a_missing_folder(capsys, tmp_path):
    code, _, err = run(capsys, "new", str(tmp_path / "no" / "such" / "s"))
    assert code == 2
    assert "does not exist" in err


def test_new_over_a_folder_with_force(capsys, tmp_path):
    (tmp_path / "dir.toml").mkdir()
    code, _, err = run(capsys, "new", str(tmp_path / "dir.toml"), "--force")
    assert code == 2
    assert err.startswith("error:")


# ---------------------------------------------------------------- schema


def test_schema_prints_a_json_schema(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["type"] == "object"
    assert {"schema", "meta", "team", "catalog", "accounts", "campaigns", "events", "negotiation", "scoring"} <= set(
        schema["properties"]
    )
    assert {"schema", "meta", "team", "catalog", "accounts"} <= set(schema["required"])
    assert schema.get("additionalProperties") is False


def test_schema_to_a_file(capsys, tmp_path):
    target = tmp_path / "scenario.schema.json"
    code, out, _ = run(capsys, "schema", "-o", str(target))
    assert code == 0
    assert str(target) in out
    assert "meta" in json.loads(target.read_text(encoding="utf-8"))["properties"]


def test_schema_to_an_unwritable_place(capsys, tmp_path):
    code, _, err = run(capsys, "schema", "--out", str(tmp_path / "missing" / "s.json"))
    assert code == 2
    assert err.startswith("error: cannot write")


# ---------------------------------------------------------------- scenarios


def test_scenarios_lists_titles_and_difficulties(capsys, monkeypatch, tmp_path, valid_text):
    (tmp_path / "alpha.toml").write_text(valid_text.replace("Test quarter", "Alpha quarter"), encoding="utf-8")
    (tmp_path / "beta.toml").write_text(
        valid_text.replace("Test quarter", "Beta quarter").replace('"medium"', '"hard"'), encoding="utf-8"
    )
    monkeypatch.setenv("DEALCRAFT_SCENARIOS", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "300")
    code, out, _ = run(capsys, "scenarios")
    assert code == 0
    assert "Alpha quarter" in out and "Beta quarter" in out
    assert "medium" in out and "hard" in out
    assert "alpha" in out and "beta" in out


def test_scenarios_flags_a_broken_file(capsys, monkeypatch, tmp_path, valid_text):
    (tmp_path / "good.toml").write_text(valid_text, encoding="utf-8")
    (tmp_path / "broken.toml").write_text("schema = 1\n", encoding="utf-8")
    monkeypatch.setenv("DEALCRAFT_SCENARIOS", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "300")
    code, out, _ = run(capsys, "scenarios")
    assert code == 2
    assert "invalid" in out and "Test quarter" in out


def test_scenarios_in_an_empty_folder(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("DEALCRAFT_SCENARIOS", str(tmp_path))
    code, out, _ = run(capsys, "scenarios")
    assert code == 2
    assert "no scenarios found" in out


def test_validate_finds_a_shipped_scenario_by_name(capsys, monkeypatch, tmp_path, valid_text):
    (tmp_path / "colocation.toml").write_text(valid_text, encoding="utf-8")
    monkeypatch.setenv("DEALCRAFT_SCENARIOS", str(tmp_path))
    monkeypatch.chdir(tmp_path.parent)
    code, out, _ = run(capsys, "validate", "colocation")
    assert code == 0
    assert "Test quarter" in out


# ---------------------------------------------------------------- the real console


def console(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "dealcraft", *argv],
        capture_output=True, text=True, encoding="utf-8", timeout=60, env=env, cwd=cwd,
    )


def test_console_validate_good_and_bad(write, valid_text):
    good = write(valid_text, "good.toml")
    bad = write(bad_text(valid_text), "bad.toml")
    binary = write(b"\x00\xff\xfe garbage", "binary.toml")
    result = console("validate", str(good), str(bad), str(binary))
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{good}: ok" in result.stdout
    assert all(PROBLEM_LINE.match(line) for line in result.stderr.splitlines() if f"{bad}:" in line)
    assert f"error: {binary}:1: binary data" in result.stderr
    assert console("validate", str(good)).returncode == 0


def test_console_help_and_version():
    result = console("--help")
    assert result.returncode == 0 and "usage: dealcraft" in result.stdout
    result = console("--version")
    assert result.returncode == 0 and __version__ in result.stdout
