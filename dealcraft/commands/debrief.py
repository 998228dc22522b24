"""`dealcraft debrief EVENTS.jsonl`: what a rep's quarter teaches, moment by moment."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dealcraft.output import read_event_log, scenario_of_log
from sim.debrief import belief_timeline, findings, phase_accuracy


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "debrief",
        help="the debrief of a rep's quarter from a saved event log",
        description="List the concrete, dated moments of a rep's run that cost the most, each with the principle "
        "it teaches and its estimated cost, then the phases the rep recorded against the true ones.",
    )
    parser.add_argument("events", metavar="EVENTS.jsonl", help="event log written by 'dealcraft run --events'")
    parser.add_argument("--rep", help="rep id (default: the first rep, the trainee's seat)")
    parser.add_argument("--scenario", metavar="FILE", help="scenario the log was played on (default: from the log)")
    parser.add_argument("--top", type=int, default=10, metavar="N", help="how many findings to show (default: 10; --json gives them all)")
    parser.add_argument("--compare", action="store_true",
                        help="also run every built-in strategy in the rep's seat on this exact quarter (same seed)")
    parser.add_argument("--luck", type=int, metavar="N", default=0,
                        help="also replay the rep's own style of play over N other seeds: skill against luck")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.top < 0:
        print("error: --top must be zero or positive", file=sys.stderr)
        return 2
    if args.luck < 0:
        print("error: --luck must be zero or positive (the number of other seeds to replay)", file=sys.stderr)
        return 2
    records = read_event_log(Path(args.events))
    if records is None:
        return 2
    scenario = scenario_of_log(records, args.scenario, Path(args.events))
    if scenario is None:
        return 2
    reps = {r.id: r.name for r in scenario.team.reps}
    rep = args.rep or scenario.team.reps[0].id
    if rep not in reps:
        print(f"error: no rep '{rep}' in this scenario (reps: {', '.join(reps)})", file=sys.stderr)
        return 2
    found = findings(records, scenario, rep)
    accuracy = phase_accuracy(records, rep)
    if args.json:
        document = {"rep": rep, "phase_accuracy": accuracy, "findings": [
            {"t": f.t, "when": f.when, "kind": f.kind, "account": f.account, "message": f.message,
             "principle": f.principle, "cost": round(f.cost, 2)} for f in found]}
        if args.compare or args.luck:  # were silently left out of the JSON
            skill = _skill_or_report(records, scenario, rep, args)
            if skill is None:
                return 2
            document.update(skill)
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    currency = scenario.meta.currency
    print(f"Debrief for {reps[rep]} — {scenario.meta.title}\n")
    if not found:
        print("Nothing to flag: every lead answered in time, every account in cadence, every action fitting its phase.\n")
    for number, finding in enumerate(found[: args.top], start=1):
        print(f"{number}. {finding.message}")
        print(f"   why it matters: {finding.principle}")
        print(f"   estimated cost: {finding.cost:,.0f} {currency}\n")
    if len(found) > args.top:
        print(f"... and {len(found) - args.top} more (--top {len(found)})\n")
    timeline = belief_timeline(records, rep)
    recorded = {a: steps for a, steps in timeline.items() if any(r is not None for _, r, _ in steps)}
    print("Believed vs true phases" + (f" — {accuracy:.0%} of your recorded phases were right" if accuracy is not None else ""))
    names = {r["account"]: r["name"] for r in records if r.get("name") and r.get("account")}
    for account, steps in list(recorded.items())[:8]:
        _, last_recorded, last_true = steps[-1]
        wrong = sum(1 for _, r, true in steps if r is not None and r != true)
        print(f"   {names.get(account, account)}: last recorded {last_recorded}, true {last_true}"
              + (f" ({wrong} moment{'s' if wrong > 1 else ''} where your record was off)" if wrong else ""))
    if args.compare or args.luck:
        skill = _skill_or_report(records, scenario, rep, args)
        if skill is None:
            return 2
        _print_skill(skill, args.luck)
    return 0


def _skill_or_report(records: list[dict], scenario, rep: str, args: argparse.Namespace) -> dict | None:
    """`_skill`, or None after one error line when the log cannot be replayed (e.g. a style of play,
    fingerprinted from an odd log, that no strategy can take)."""
    try:
        return _skill(records, scenario, rep, args)
    except ValueError as exc:  # StrategyError is a ValueError
        print(f"error: cannot replay this quarter for --compare/--luck: {exc}", file=sys.stderr)
        return None


def _skill(records: list[dict], scenario, rep: str, args: argparse.Namespace) -> dict:
    """Where the rep stands: the built-ins on the same quarter (`same_quarter`), and the rep's own play over
    other seeds (`luck`), each only when asked for."""
    from dealcraft.progress import progress_bar
    from sim import metrics
    from sim.compare import same_seed, standing
    from sim.replay import fingerprint, luck_percentile
    from sim.scores import score

    started = next((r for r in records if r["kind"] == "run_started"), {})
    seed = int(started.get("seed", 1))
    actual = {**metrics.compute(records, scenario)["reps"][rep], "overall": score(records, scenario)[rep].overall}
    seats = {r: s for r, s in (started.get("strategies") or {}).items() if r != rep and s not in ("you", "?")}
    # the log may have been played over more (or fewer) quarters than the scenario sets (run --quarters):
    # replay the same number, or the comparison sets several quarters of revenue against one
    quarters = sum(1 for r in records if r["kind"] == "quarter_started") or scenario.calendar.quarters
    found: dict = {}
    if args.compare:
        with progress_bar("same quarter, each built-in") as update:
            rows = same_seed(scenario, seed, rep, actual, seats=seats, quarters=quarters, progress=update)
        found["same_quarter"] = {"seed": seed, "quarters": quarters, "rows": rows, "standing": standing(rows)}
    if args.luck:
        with progress_bar("your style over other seeds") as update:
            found["luck"] = luck_percentile(scenario, rep, actual["revenue"], range(seed + 1, seed + 1 + args.luck),
                                            policy=fingerprint(records, rep, scenario), quarters=quarters,
                                            seats=seats, progress=update)
    return found


def _print_skill(found: dict, luck: int) -> None:
    if "same_quarter" in found:
        same = found["same_quarter"]
        print(f"\nSame quarter (seed {same['seed']}), each built-in strategy in this seat:")
        for row in same["rows"]:
            mark = "  <- you" if row.get("you") else ""
            grade = "—" if row.get("overall") is None else f"{row['overall']:.1f}"
            print(f"   {row['strategy']:<14} revenue {row['revenue']:>12,.0f}   grade {grade}{mark}")
        print("   " + same["standing"])
    if "luck" in found:
        result = found["luck"]
        print(f"\nSkill against luck: your style of play ({result['policy']}) over {luck} other seed{'s' if luck > 1 else ''}")
        print(f"   {result['text']} (min {result['min']:,.0f}, median {result['median']:,.0f}, max {result['max']:,.0f})")
