"""The buyer model, opened up: the phases a rep recorded against the hidden true ones.

These readers use on purpose the hidden records no rep sees during play.
"""

from __future__ import annotations

from collections.abc import Iterable


def belief_timeline(records: Iterable[dict], rep_id: str) -> dict[str, list[tuple[float, int | None, int]]]:
    """Per account, (t, phase the rep had recorded or None, true hidden phase) at every change of either.

    Covers the accounts the rep owned at some point or recorded a phase for. Reading the rep's
    beliefs against the hidden truth is how a trainee learns to read signals: the buyer model
    is shown, never a black box.
    """
    records = list(records)
    accounts: set[str] = set()
    for r in records:
        kind, account = r["kind"], r.get("account")
        if account is None:
            continue
        if kind == "handoff" and r.get("to") == rep_id:
            accounts.add(account)
        elif r.get("rep") == rep_id and kind in ("hidden_phase", "lead_arrived", "account_added", "referral",
                                                  "phase_recorded"):
            accounts.add(account)
    truth: dict[str, int] = {}
    belief: dict[str, int | None] = {}
    timeline: dict[str, list[tuple[float, int | None, int]]] = {a: [] for a in sorted(accounts)}
    for r in records:
        kind, account = r["kind"], r.get("account")
        if account not in accounts:
            continue
        if kind in ("hidden_phase", "lead_arrived", "account_added", "phase_changed"):
            truth[account] = r.get("phase", truth.get(account, 1))
        elif kind == "referral":
            truth[account] = r.get("hidden_phase", truth.get(account, 1))
        elif kind == "phase_recorded" and r.get("rep") == rep_id:
            belief[account] = r["recorded"]
            truth[account] = r.get("true", truth.get(account, 1))
        else:
            continue
        point = (r["t"], belief.get(account), truth[account])
        line = timeline[account]
        if line and line[-1][0] == point[0]:
            line[-1] = point
        elif not line or line[-1][1:] != point[1:]:
            line.append(point)
    return {a: line for a, line in timeline.items() if line}


def phase_accuracy(records: Iterable[dict], rep_id: str) -> float | None:
    """Share of the rep's recorded phases that matched the hidden phase when recorded (None: none recorded).

    Classifying the phase from signals is the skill every other decision rests on.
    """
    recorded = [r for r in records if r["kind"] == "phase_recorded" and r.get("rep") == rep_id]
    if not recorded:
        return None
    return sum(r["recorded"] == r["true"] for r in recorded) / len(recorded)
