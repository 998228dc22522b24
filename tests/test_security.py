"""Files are data: nothing read from a scenario, save, replay, event log or result file is executed.

The source tree is searched for the ways Python can turn bytes into code (pickle, marshal, eval,
exec, yaml.load, ...); scenarios carry no file references that could reach outside their folder;
and every file reader has a size limit and a clear message for a damaged file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import VALID_TEXT

import sim.replay as replay_module
from sim.scenario import ScenarioError, load_text
from sim.scenario.schema import json_schema

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("sim", "dealcraft", "game")
"""The code that reads user files. tests/ and benchmarks/ read only files they wrote themselves."""

FORBIDDEN = {
    r"\bimport\s+pickle\b|\bfrom\s+pickle\b|\bpickle\.(loads?|Unpickler)\b": "pickle runs code from the bytes it loads",
    r"\bimport\s+(c|_)?pickle\b|\bdill\b|\bcloudpickle\.loads?\b": "pickle-like loaders run code",
    r"\bmarshal\b": "marshal loads code objects",
    r"\bshelve\b": "shelve is pickle on disk",
    r"(?<![\w.])eval\s*\(": "eval runs text as code",
    r"(?<![\w.])exec\s*\(": "exec runs text as code",
    r"(?<![\w.])compile\s*\(": "compile turns text into code",
    r"\byaml\.(load|unsafe_load|full_load)\s*\(": "yaml.load can build arbitrary objects (use safe_load)",
    r"\bjsonpickle\b": "jsonpickle builds arbitrary objects",
    r"allow_pickle\s*=\s*True": "numpy pickles objects with allow_pickle",
    r"\bread_pickle\b|\bto_pickle\b": "pandas pickle files run code",
    r"(?<![\w.])__import__\s*\(": "imports a module named by data",
    r"\bshell\s*=\s*True\b": "a shell command line built from data",
    r"\bos\.system\s*\(": "a shell command line built from data",
}
ALLOWED = {
    ("sim/batch/__init__.py", "importlib.import_module"),  # a fixed table of its own submodules, not data
}


def product_sources() -> list[Path]:
    return sorted(p for folder in PRODUCT for p in (ROOT / folder).rglob("*.py"))


def test_no_code_is_loaded_from_data_anywhere_in_the_product():
    assert len(product_sources()) > 40
    found = []
    for path in product_sources():
        rel = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            for pattern, why in FORBIDDEN.items():
                if re.search(pattern, code):
                    found.append(f"{rel}:{number}: {line.strip()}  ({why})")
            if "import_module" in code and (rel, "importlib.import_module") not in ALLOWED:
                found.append(f"{rel}:{number}: {line.strip()}  (imports a module named at run time)")
    assert not found, "code loaded from data:\n" + "\n".join(found)


def test_the_search_finds_what_it_looks_for(tmp_path):
    """The patterns are not vacuous: each catches the usage it names."""
    samples = ["import pickle", "data = pickle.loads(raw)", "marshal.loads(b)", "eval(text)", "exec(code)",
               "yaml.load(handle)", "np.load(f, allow_pickle=True)", "pd.read_pickle(p)", "__import__(name)",
               "subprocess.run(cmd, shell=True)", "os.system(cmd)", "compile(src, 'f', 'exec')"]
    for sample in samples:
        assert any(re.search(p, sample) for p in FORBIDDEN), sample
    for fine in ["literal_eval_of_nothing = 1", "self.evaluate(x)", "executor.map(f)", "re.compile(r'x')"]:
        assert not any(re.search(p, fine) for p in FORBIDDEN), fine


# ---------------------------------------------------------------- scenarios reference no files


def _properties(schema: dict) -> list[tuple[str, dict]]:
    found = []
    for definition in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in definition.get("properties", {}).items():
            found.append((name, prop))
    return found


def test_no_scenario_field_names_a_file_so_none_can_escape_its_folder():
    """Paths in a scenario could reach outside its folder (../../etc/passwd): the format has none.
    A field that names a file would have to be resolved inside the scenario's folder — add that
    check, and a test, before adding such a field."""
    suspicious = {"file", "filename", "path", "dir", "directory", "folder", "include", "import", "url", "uri",
                  "image", "script", "module", "template", "src", "source"}
    props = _properties(json_schema())
    assert len(props) > 100
    named = [name for name, _ in props if suspicious & set(name.lower().split("_"))]
    assert not named, f"scenario fields that may name a file: {named}"
    formats = [name for name, prop in props if prop.get("format") in ("uri", "path", "file-path", "directory-path")]
    assert not formats


@pytest.mark.parametrize("code", [
    "__import__('os').system('touch PWNED')",
    "phase-aware:lead_delay=__import__('os').getpid()",
    "{{7*7}}",
    "!!python/object/apply:os.system ['touch PWNED']",
])
def test_code_in_a_scenario_is_text_that_fails_validation(code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = VALID_TEXT.replace('strategy = "phase-aware"', f"strategy = {json.dumps(code)}")
    assert code in text
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "evil.toml")
    assert any("strategy" in str(p) for p in caught.value.problems)
    assert not list(tmp_path.iterdir())  # nothing ran


# ---------------------------------------------------------------- size limits and checksums


def _recorded_replay():
    from sim.interface import QueueController
    from sim.replay import Recorder
    from sim.world import World

    scenario = load_text(VALID_TEXT, "starter.toml")
    world = World(scenario, 4, {"you": QueueController(name="trainee")})
    recorder = Recorder(world, "you")
    recorder.advance("week")
    return recorder


def test_a_replay_carries_a_checksum_and_an_edited_one_is_refused(tmp_path):
    path = tmp_path / "r.json"
    replay_module.save_replay(path, _recorded_replay())
    saved = json.loads(path.read_text())
    assert len(saved["sha256"]) == 64
    loaded = replay_module.load_replay(path)
    assert "sha256" not in loaded and loaded["seed"] == 4
    saved["seed"] = 5  # valid JSON, a valid seed: only the checksum tells
    path.write_text(json.dumps(saved))
    with pytest.raises(replay_module.ReplayError, match="damaged: its content does not match the sha256"):
        replay_module.load_replay(path)
    del saved["sha256"]  # a replay saved before checksums is still read, field by field
    path.write_text(json.dumps(saved))
    assert replay_module.load_replay(path)["seed"] == 5


def test_a_truncated_replay_is_a_clear_error(tmp_path):
    path = tmp_path / "r.json"
    replay_module.save_replay(path, _recorded_replay())
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(replay_module.ReplayError, match="not valid JSON"):
        replay_module.load_replay(path)


def test_a_replay_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "r.json"
    replay_module.save_replay(path, _recorded_replay())
    monkeypatch.setattr(replay_module, "MAX_BYTES", 64)
    with pytest.raises(replay_module.ReplayError, match="too big for a replay"):
        replay_module.load_replay(path)


def test_an_event_log_over_the_size_limit_is_refused(tmp_path, monkeypatch, capsys):
    import dealcraft.output as output

    path = tmp_path / "events.jsonl"
    path.write_text('{"t": 0, "kind": "run_started"}\n' * 10)
    assert output.read_event_log(path) is not None
    monkeypatch.setattr(output, "MAX_LOG_BYTES", 100)
    assert output.read_event_log(path) is None
    assert "limit for an event log" in capsys.readouterr().err


def test_a_result_part_over_the_size_limit_is_treated_as_damaged(tmp_path, monkeypatch):
    import sim.batch.store as store
    from sim.batch import Experiment, StoreError, load_results, run_experiment
    from sim.scenario import load_scenario
    from sim.scenario.shipped import resolve

    experiment = Experiment(load_scenario(resolve("onboarding")), ("phase-aware",), runs=2, seed=1)
    run_experiment(experiment, tmp_path, workers=1)
    monkeypatch.setattr(store, "MAX_PART_BYTES", 10)
    with pytest.raises(StoreError, match="over the 0 MiB limit for a part|limit for a part"):
        load_results(tmp_path)


# ---------------------------------------------------------------- a log's scenario path is data too


@pytest.mark.parametrize("source", ["../../outside/x.toml", "/etc/passwd", "/tmp/elsewhere/secret.toml", "a\x00b.toml"])
def test_an_event_log_cannot_send_the_cli_to_a_file_outside_its_folders(source, tmp_path, monkeypatch, capsys):
    from dealcraft.cli import main

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    log = work / "events.jsonl"
    log.write_text(json.dumps({"t": 0, "kind": "run_started", "source": source, "reps": ["you"]}) + "\n")
    assert main(["score", str(log)]) == 2
    err = capsys.readouterr().err
    assert "outside this folder and the log's" in err and "--scenario FILE" in err and "Traceback" not in err


def test_an_event_log_may_name_a_scenario_beside_it_or_a_shipped_one(tmp_path, monkeypatch):
    from dealcraft.output import source_allowed

    monkeypatch.chdir(tmp_path)
    log = tmp_path / "logs" / "events.jsonl"
    assert source_allowed("colocation", log)
    assert source_allowed("my.toml", log) and source_allowed("sub/my.toml", log)
    assert source_allowed(str(tmp_path / "logs" / "x.toml"), log)
    assert not source_allowed("../x.toml", log) and not source_allowed("notes.txt", log)
