"""Autosave: checksummed and versioned, written atomically, the previous save kept; kill -9 never breaks it."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

from game.app import App
from game.drive import key, play_week_by_keys, step
from game.saves import SAVE_VERSION, SaveError, encode, previous_path, read_one, read_save, write_save
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
ONBOARDING = ROOT / "scenarios" / "onboarding.toml"


def test_a_save_round_trips_and_the_one_before_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "autosave.json"
    write_save(path, {"n": 1, "text": "é"})
    write_save(path, {"n": 2, "text": "é"})
    assert read_one(path) == {"n": 2, "text": "é"}
    assert read_one(previous_path(path)) == {"n": 1, "text": "é"}
    assert previous_path(path).name == "autosave.prev.json"
    envelope = json.loads(path.read_text(encoding="utf-8"))
    assert envelope["version"] == SAVE_VERSION and len(envelope["sha256"]) == 64
    assert read_save(path) == ({"n": 2, "text": "é"}, "")
    assert not list(tmp_path.glob(".*.tmp"))


def damaged(raw: bytes) -> dict[str, bytes]:
    envelope = json.loads(raw)
    other = dict(envelope, version=SAVE_VERSION + 1)
    edited = dict(envelope, payload=dict(envelope["payload"], n=99))
    flipped = bytearray(raw)
    i = raw.index(b'"n": ') + 5
    flipped[i] = ord("7")
    return {"truncated": raw[: len(raw) // 2], "empty": b"", "garbage": b"\xff\xfe\x00 not json",
            "flipped byte": bytes(flipped), "edited payload": json.dumps(edited).encode(),
            "other version": json.dumps(other).encode(), "not a save": b'{"format": "something-else"}',
            "old version 1": b'{"format": "dealcraft-save", "version": 1, "t": 0}'}


@pytest.mark.parametrize("kind", list(damaged(encode({"n": 1, "pad": "x" * 50}))))
def test_a_damaged_latest_save_falls_back_to_the_previous_with_one_clear_message(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "autosave.json"
    write_save(path, {"n": 1, "pad": "x" * 50})
    write_save(path, {"n": 2, "pad": "x" * 50})
    path.write_bytes(damaged(path.read_bytes())[kind])
    with pytest.raises(SaveError) as problem:
        read_one(path)
    expected = {"other version": "another version", "old version 1": "another version",
                "not a save": "not a Dealcraft saved game"}.get(kind, "damaged")
    assert expected in str(problem.value)
    payload, note = read_save(path)
    assert payload == {"n": 1, "pad": "x" * 50}
    assert expected in note and "Resumed from the save before it" in note
    # writing again never rotates the damaged file over the good previous one
    write_save(path, {"n": 3, "pad": ""})
    assert read_one(path)["n"] == 3 and read_one(previous_path(path))["n"] == 1


def test_neither_save_usable_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "autosave.json"
    with pytest.raises(SaveError, match="no saved game"):
        read_save(path)
    path.write_bytes(b'{"format": "dealcraft-save", "vers')
    previous_path(path).write_bytes(b"")
    with pytest.raises(SaveError, match="damaged: it is cut short"):
        read_save(path)


CHILD = """
import sys
from game.saves import write_save
path, start = sys.argv[1], int(sys.argv[2])
pad = "x" * 400_000
n = start
while True:
    write_save(path, {"n": n, "pad": pad})
    print(n, flush=True)
    n += 1
"""


def test_kill_9_at_random_moments_never_leaves_a_broken_save(tmp_path: Path) -> None:
    """A child writes autosaves in a loop; SIGKILL it at random moments; the save always loads."""
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL on this platform")
    path = tmp_path / "autosave.json"
    rng = random.Random(11)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start, kills = 0, 0
    loaded = []
    while kills < 6:
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(start)], stdout=subprocess.PIPE,
                                 env=env, cwd=ROOT, text=True)
        first = child.stdout.readline()  # at least one whole save from this child
        assert first.strip(), "the child wrote no save"
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(child.pid, signal.SIGKILL)
        reported = [int(first)] + [int(x) for x in child.stdout.read().split()]
        child.wait()
        kills += 1
        payload, note = read_save(path)  # never raises: the latest or the previous save is whole
        assert payload["pad"] == "x" * 400_000
        assert payload["n"] >= reported[-1], "a save reported as written was lost"
        assert payload["n"] <= reported[-1] + 1
        loaded.append((payload["n"], bool(note)))
        start = payload["n"] + 1
    assert len({n for n, _ in loaded}) == len(loaded)


def _two_weeks(save: Path) -> tuple[str, list]:
    app = App(load_scenario(ONBOARDING), seed=1, save_path=save)
    pygame.event.clear()
    try:
        step(app, key(pygame.K_RETURN))
        step(app, key(pygame.K_RETURN))
        step(app, key(pygame.K_RETURN))
        for _ in range(2):
            play_week_by_keys(app, lambda events: step(app, *events))
            for _ in range(100):
                if app.scene.name == "week" and not app.scene.advancing:
                    break
                step(app, key(pygame.K_c), key(pygame.K_RETURN))
        session = app.scene.session
        assert session.week == 3
        return session.world.log.to_jsonl(), list(session.recorder.decisions)
    finally:
        app.close()


def test_the_game_keeps_two_saves_and_resumes_from_the_previous_when_the_latest_is_damaged(tmp_path: Path) -> None:
    save = tmp_path / "autosave.json"
    _two_weeks(save)
    assert read_one(save)["week"] == 3 and read_one(previous_path(save))["week"] == 2
    raw = save.read_bytes()
    save.write_bytes(raw[: len(raw) - 40])  # cut short, as by a full disk
    app = App(load_scenario(ONBOARDING), seed=5, save_path=save)
    pygame.event.clear()
    try:
        step(app, key(pygame.K_l))
        assert app.scene.name == "message"  # one clear message, over the resumed week
        assert "cut short" in app.scene.body and "Resumed from the save before it" in app.scene.body
        step(app, key(pygame.K_RETURN))
        assert app.scene.name == "week"
        assert app.scene.session.week == 2 and app.scene.session.seed == 1
    finally:
        app.close()
    previous_path(save).write_bytes(b"{}")
    app = App(load_scenario(ONBOARDING), seed=5, save_path=save)
    pygame.event.clear()
    try:
        step(app, key(pygame.K_l))
        assert app.scene.name == "title"
        assert app.scene.message == "The saved game is damaged: it is cut short or garbled."
    finally:
        app.close()


def test_a_game_saved_in_the_second_quarter_resumes_in_the_second_quarter(tmp_path: Path) -> None:
    from game.session import Session, load

    save = tmp_path / "autosave.json"
    session = Session(load_scenario(ONBOARDING), 3, save_path=save)
    assert session.quarters >= 2 and session.has_next_quarter
    while not session.quarter_over:  # a quarter in which the trainee lets the game answer everything
        session.start_week()
        while True:
            stop = session.advance()
            for reason in stop.reasons:
                kind, _, ident = reason.partition(":")
                if kind == "negotiation":
                    session.auto_negotiate(ident)
            if not stop.reasons and session.world.env.now >= min(session.quarter_end,
                                                                 session.world.clock.next_week_start(
                                                                     session.week_started_t)):
                break
        assert session.autosave() is None
    with pytest.raises(ValueError):
        Session(load_scenario(ONBOARDING), 3).next_quarter()  # not before the quarter is over
    session.next_quarter()
    assert session.autosave() is None
    session.record_phase(session.view.account_ids()[0], 3)
    session.start_week()
    session.advance()
    while session.world.env.now < session.world.clock.next_week_start(session.week_started_t):
        for reason in session.advance().reasons:
            if reason.startswith("negotiation:"):
                session.auto_negotiate(reason.partition(":")[2])
    assert session.autosave() is None
    resumed = load(save)
    assert (resumed.quarter, resumed.week) == (1, 2) == (session.quarter, session.week)
    assert resumed.world.log.to_jsonl() == session.world.log.to_jsonl()
    assert resumed.load_note == ""
