"""Measure the calibration targets of ../shared/CALIBRATION.md through the engine.

Every figure comes out of simulated runs with the default effect tables, never from the
formula that produced it: leads are answered by a scripted rep at chosen delays, first
requests go out on each channel, quarters are played by the built-in strategies.

    python benchmarks/calibration.py            # full run (a few minutes)
    python benchmarks/calibration.py --quick    # fewer trials, rougher figures

Prints a table: target, accepted range, measured value. docs/model.md quotes it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.interface import Action, QueueController  # noqa: E402
from sim.run import run  # noqa: E402
from sim.scenario import Scenario  # noqa: E402
from sim.scenario.schema import Campaign  # noqa: E402
from sim.strategies import make_controller  # noqa: E402
from sim.world import World  # noqa: E402

REFERENCE = {
    "schema": 1,
    "meta": {"title": "Calibration market", "description": "Mid-market B2B services, the default tables."},
    "calendar": {"quarters": 1},
    "team": {"reps": [
        {"id": "h1", "name": "Hunter 1", "profile": "hunter", "quota": 200000},
        {"id": "h2", "name": "Hunter 2", "profile": "hunter", "quota": 200000},
        {"id": "f1", "name": "Farmer 1", "profile": "farmer", "quota": 100000, "strategy": "farmer"},
    ]},
    "catalog": {"services": [
        {"id": "core", "name": "Core service", "price": 40000, "margin": 0.45},
        {"id": "plus", "name": "Plus", "price": 8000, "margin": 0.6, "kind": "addon"},
        {"id": "care", "name": "Care", "price": 6000, "margin": 0.65, "kind": "addon"},
    ]},
    "accounts": {"generated": {"count": 90, "seed": 3, "client_share": 0.25,
                               "sectors": {"retail": 1, "industry": 1, "finance": 1},
                               "phases": [0.4, 0.3, 0.2, 0.1, 0.0]}},
    "campaigns": [{"id": "web", "name": "Web", "leads_per_week": 2}],
}


def reference(**changes) -> Scenario:
    data = {**REFERENCE, **changes}
    return Scenario.model_validate(data)


def advance_to(world: World, t: float) -> None:
    """Advance through any decision points until time t."""
    while world.env.now < t:
        world.advance(t)


def lead_odds(trials: int, rng: np.random.Generator) -> dict[str, float]:
    """C1, C2: a scripted rep answers each new lead at a chosen delay; success of that first attempt.

    Leads come one at a time into one long-running world (a year of 52-week quarters), so
    that tens of thousands of trials stay cheap; the quality mix is the default campaign's.
    """
    scenario = reference(
        calendar={"weeks": 52, "quarters": 20},
        team={"reps": [{"id": "h1", "name": "Hunter", "hours_per_week": 80}]},
        accounts={"listed": [{"id": "x", "name": "X", "sector": "retail", "size": "smb", "potential": 1000}]},
        campaigns=[],
    )
    campaign = Campaign(id="web", name="Web", leads_per_week=1)  # default quality mix; leads made by hand
    buckets = {"5 min": (5 / 60, 5 / 60), "30 min": (0.5, 0.5), "0-1 h": (0.0, 1.0), "1-2 h": (1.0, 2.0),
               "24 h+": (8.0, 16.0)}
    out = {}
    for name, (low, high) in buckets.items():
        wins = done = 0
        world = None
        for i in range(trials * (6 if name == "24 h+" else 1)):  # rare successes need more trials
            if world is None or world.env.now > world.horizon - 40:
                world = World(scenario, int(rng.integers(1 << 30)), {"h1": QueueController()})
            world._new_lead(campaign, world.streams.get("leads", f"{name}-{i}"))
            lead = world.accounts[f"lead-{world.lead_counter:04d}"]
            advance_to(world, lead.created_at + float(rng.uniform(low, high)))
            world.submit("h1", Action("call", lead.id))
            advance_to(world, world.env.now + 1.0)
            wins += lead.engaged
            done += 1
        p = (wins + 0.5) / (done + 1)
        out[name] = p / (1 - p)
    return {
        "C1 odds within 1 h / hour 2": out["0-1 h"] / out["1-2 h"],
        "C1 odds within 1 h / 24 h+": out["0-1 h"] / out["24 h+"],
        "C2 odds 5 min / 30 min": out["5 min"] / out["30 min"],
    }


def first_requests(trials: int, rng: np.random.Generator) -> dict[str, float]:
    """C4: first requests to strangers and to acquaintances, by channel, through the engine."""
    scenario = reference(campaigns=[])
    rates: dict[tuple[str, str], list[bool]] = {}
    channels = {"email": "email", "phone": "call", "face_to_face": "meeting"}
    for i in range(trials):
        world = World(scenario, int(rng.integers(1 << 30)), {r.id: QueueController() for r in scenario.team.reps})
        prospects = [a for a in world.accounts.values() if a.status == "prospect" and a.owner == "h1"]
        for relation in ("cold", "acquaintance"):
            for channel, action in channels.items():
                account = prospects[(i * 7 + len(rates)) % len(prospects)]
                account.engaged, account.known_people = False, set()
                world.reps["h1"].contacts = {(account.id, account.people[0].id): 3} if relation == "acquaintance" else {}
                world.reps["h1"].hours_used_week = 0.0
                world.submit("h1", Action(action, account.id))
                advance_to(world, world.env.now + 3.0)
                rates.setdefault((relation, channel), []).append(account.engaged)
    r = {k: float(np.mean(v)) for k, v in rates.items()}
    return {
        "C4 cold: in person / email": r[("cold", "face_to_face")] / max(1e-9, r[("cold", "email")]),
        "C4 acquaintance in person": r[("acquaintance", "face_to_face")],
        "C4 acquaintance by phone": r[("acquaintance", "phone")],
    }


def forecast_outcomes(seeds: int) -> dict[str, float]:
    """C3: of the deals that reached phase 5 or the table, how they ended (phase-aware reps, two quarters)."""
    scenario = reference(calendar={"quarters": 2})
    ended = Counter()
    for seed in range(seeds):
        result = run(scenario, seed, strategy="phase-aware")
        reached = set()
        for r in result.log:
            if (r["kind"] == "phase_changed" and r["phase"] == 5) or r["kind"] == "negotiation_opened" or (
                    r["kind"] == "hidden_phase" and r["phase"] == 5):
                reached.add(r["account"])
            elif r["kind"] in ("deal_won", "deal_lost", "deal_no_decision") and r["account"] in reached:
                ended[r["kind"]] += 1
    total = sum(ended.values()) or 1
    return {"C3 won": ended["deal_won"] / total, "C3 lost": ended["deal_lost"] / total,
            "C3 no decision": ended["deal_no_decision"] / total, "C3 deals counted": float(total)}


def buying_groups(seeds: int) -> dict[str, float]:
    """C6: stakeholders at enterprise size, and cycle length against the size of the buying group."""
    scenario = reference(calendar={"quarters": 3})
    sizes, cycles = [], []
    for seed in range(seeds):
        result = run(scenario, seed, strategy="phase-aware")
        accounts = result.world.accounts
        sizes += [len(a.people) for a in accounts.values() if a.size == "enterprise"]
        for r in result.log:
            if r["kind"] == "deal_won" and r.get("cycle_hours"):
                cycles.append((len(accounts[r["account"]].people), r["cycle_hours"] / 8))
    small = [c for n, c in cycles if n <= 4]
    large = [c for n, c in cycles if n >= 6]
    return {"C6 enterprise stakeholders min": float(min(sizes)), "C6 enterprise stakeholders max": float(max(sizes)),
            "C6 cycle days, groups <= 4": statistics.median(small) if small else float("nan"),
            "C6 cycle days, groups >= 6": statistics.median(large) if large else float("nan")}


def retention(seeds: int) -> dict[str, float]:
    """C7: a year of farmer care over the clients on the books at the start: gross and net revenue retention."""
    scenario = reference(calendar={"quarters": 4}, campaigns=[])
    start_acv = retained = expanded = 0.0
    by_size: dict[str, list[float]] = {"smb": [0, 0, 0], "mid": [0, 0, 0], "enterprise": [0, 0, 0]}
    for seed in range(seeds):
        streams = World.streams_for(seed)
        farmers = {r.id: make_controller("farmer", streams.get("strategy", r.id)) for r in scenario.team.reps}
        world = World(scenario, seed, farmers)
        start = {a.id: (a.acv, a.size) for a in world.accounts.values() if a.status == "client"}
        world.run()
        for account_id, (acv, size) in start.items():
            account = world.accounts[account_id]
            start_acv += acv
            by_size[size][0] += acv
            if account.status == "client":
                retained += acv
                expanded += account.acv
                by_size[size][1] += acv
                by_size[size][2] += account.acv
    out = {"C7 gross revenue retention": retained / start_acv, "C7 net revenue retention": expanded / start_acv}
    for size, (total, kept, grown) in by_size.items():
        if total:
            out[f"C7 GRR {size}"] = kept / total
            out[f"C7 NRR {size}"] = grown / total
    return out


TARGETS = {
    "C1 odds within 1 h / hour 2": ("≈ 7", (4, 10)),
    "C1 odds within 1 h / 24 h+": ("≈ 60", (30, None)),
    "C2 odds 5 min / 30 min": ("≈ 21", (10, None)),
    "C3 won": ("0.47", (0.42, 0.52)),
    "C3 lost": ("0.30", (0.25, 0.35)),
    "C3 no decision": ("0.22", (0.17, 0.27)),
    "C4 cold: in person / email": ("≈ 34", (10, None)),
    "C4 acquaintance in person": ("≈ 0.8", (0.7, 0.9)),
    "C4 acquaintance by phone": ("≈ 0.55-0.6", (0.5, 0.65)),
    "C6 enterprise stakeholders min": ("6", (6, 6)),
    "C6 enterprise stakeholders max": ("10", (10, 10)),
    "C7 gross revenue retention": ("≈ 0.90", (0.85, 0.95)),
    "C7 net revenue retention": ("1.00-1.02", (0.97, 1.05)),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer trials")
    parser.add_argument("--only", help="comma-separated groups: leads,requests,forecast,groups,retention")
    args = parser.parse_args()
    scale = 0.2 if args.quick else 1.0
    rng = np.random.default_rng(20261123)
    groups = {
        "leads": lambda: lead_odds(int(5000 * scale), rng),
        "requests": lambda: first_requests(int(600 * scale), rng),
        "forecast": lambda: forecast_outcomes(int(40 * scale) or 4),
        "groups": lambda: buying_groups(int(20 * scale) or 3),
        "retention": lambda: retention(int(40 * scale) or 4),
    }
    chosen = args.only.split(",") if args.only else list(groups)
    print(f"{'figure':40s} {'target':>12s} {'accepted':>14s} {'measured':>10s}")
    for name in chosen:
        for figure, value in groups[name]().items():
            target, (low, high) = TARGETS.get(figure, ("", (None, None)))
            accepted = "" if low is None and high is None else f"{low if low is not None else ''}–{high if high is not None else ''}"
            ok = "" if not accepted else ("ok" if (low is None or value >= low) and (high is None or value <= high) else "OFF")
            print(f"{figure:40s} {target:>12s} {accepted:>14s} {value:10.3f} {ok}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
