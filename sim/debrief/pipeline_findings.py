"""Findings about working the pipeline: contact cadence, actions that fit the phase, reaching the decider, news.

Each is about doing the right thing at the right time for where the buyer really is, so each
reads the account's state (phase, decider reached) as it was when the rep acted.
"""

from __future__ import annotations

from collections import defaultdict

from sim.debrief.account_states import AccountState
from sim.debrief.cost_weights import NEWS_TRUST, NON_DECIDER_HOURS, TRUST_TO_CLOSE, WEEKS_PER_YEAR, WIN_BY_PHASE
from sim.debrief.rep_review import RepReview
from sim.debrief.wording import PHASE_NAMES, duration, name_list, plural


def cadence(review: RepReview) -> None:
    """`account_cooled` per account: expected loss from trust cooled and competitor risk taken."""
    per: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for i, r in review.mine("account_cooled"):
        per[r["account"]].append((i, r))
    for account, cooled in per.items():
        value = review.book.value(account)
        cost, (worst_i, worst) = 0.0, cooled[0]
        for i, r in cooled:
            phase = review.before[i].phase
            spec = review.tables.phase(phase)
            overdue = max(0.0, r["gap_hours"] - r["cadence_hours"]) / review.clock.week_hours
            trust_lost = spec.cooling_per_week * min(2.0, 0.5 + overdue)
            risk = 0.0
            if phase >= 3:
                risk = spec.competitor_risk_per_week * (0.5 + review.book.pressure(account)) * min(
                    3.0, r["gap_hours"] / max(1e-9, r["cadence_hours"]))
            cost += value * WIN_BY_PHASE[phase - 1] * (risk + TRUST_TO_CLOSE * trust_lost)
            if r["gap_hours"] > worst["gap_hours"]:
                worst_i, worst = i, r
        t0 = cooled[0][1]["t"]
        lost = next((r for r in review.records if r["kind"] == "deal_lost" and r["account"] == account
                     and r["t"] >= t0 and "while we were away" in r.get("why", "")), None)
        phase = review.before[worst_i].phase  # the phase whose cadence the longest silence broke
        message = (f"{review.book.name(account)} went {plural(len(cooled), 'week')} past its contact cadence "
                   f"(longest silence {duration(worst['gap_hours'])} of working time against "
                   f"{duration(worst['cadence_hours'])} expected in phase {phase}, {PHASE_NAMES[phase - 1]})")
        evidence = [r for _, r in cooled]
        if lost is not None:
            message += f"; a competitor took it {review.clock.label(lost['t'])}"
            cost = max(cost, value * WIN_BY_PHASE[lost.get("phase", phase) - 1])
            evidence.append(lost)
        review.add(t0, account, "broken_cadence", message, min(cost, value), evidence)


def misfits(review: RepReview) -> None:
    """Actions outside their phases, grouped per account: time wasted plus annoyance's toll on closing."""
    per: dict[str, list[dict]] = defaultdict(list)
    for _, r in review.mine("action"):
        if not r.get("fit", True) and r.get("account") is not None:
            per[r["account"]].append(r)
    for account, misfits in per.items():
        value = review.book.value(account)
        hours = sum(r["hours"] for r in misfits)
        toll = 0.0
        for r in misfits:
            spec = review.tables.actions.get(r["action"])
            annoyance = spec.annoyance if spec else 0.0
            toll += value * WIN_BY_PHASE[r["phase"] - 1] * (annoyance + TRUST_TO_CLOSE * annoyance / 3)
        # annoyance saturates at 1: however many misfits, the toll cannot exceed the deal's chance
        cost = hours * review.cost_per_hour + min(toll, value * WIN_BY_PHASE[max(r["phase"] for r in misfits) - 1])
        first = misfits[0]
        spec = review.tables.actions.get(first["action"])
        fits = ", ".join(str(p) for p in spec.fits) if spec and spec.fits else "none"
        kinds = sorted({r["action"] for r in misfits})
        more = f" ({len(misfits)} misfit actions here in all: {', '.join(kinds)})" if len(misfits) > 1 else ""
        review.add(first["t"], account, "misfit_action",
                   f"{first['action'].replace('_', ' ')} at {review.book.name(account)}, whose project was in phase "
                   f"{first['phase']} ({PHASE_NAMES[first['phase'] - 1]}); it fits phase(s) {fits}{more}",
                   cost, misfits)


def non_deciders(review: RepReview) -> None:
    """Blocked advances (`decider_needed`), proposals to non-signers, and phase 3+ hours before the decider."""
    blocked: dict[str, list[dict]] = defaultdict(list)
    hours: dict[str, float] = defaultdict(float)
    spent: dict[str, list[dict]] = defaultdict(list)
    for i, r in enumerate(review.records):
        if r.get("rep") != review.rep or r.get("account") is None:
            continue
        if r["kind"] == "decider_needed" or (r["kind"] == "action" and r.get("result") == "no_decider"):
            blocked[r["account"]].append(r)
        if (r["kind"] == "action" and r.get("phase", 0) >= 3 and not review.before[i].decider
                and r["action"] != "research" and review.before[i].status in ("prospect", "negotiating")):
            hours[r["account"]] += r["hours"]
            spent[r["account"]].append(r)
    for account in sorted(set(blocked) | set(hours), key=lambda a: (min(r["t"] for r in blocked[a] + spent[a]), a)):
        if not blocked[account] and hours[account] < NON_DECIDER_HOURS:
            continue
        value = review.book.value(account)
        phases = sorted({r["phase"] for r in blocked[account] if r["kind"] == "decider_needed"})
        cost = hours[account] * review.cost_per_hour
        cost += sum(value * (WIN_BY_PHASE[p] - WIN_BY_PHASE[p - 1]) for p in phases if p < 5)
        proposals = [r for r in blocked[account] if r["kind"] == "action"]
        counted = {id(r) for r in spent[account]}
        cost += sum(r["hours"] * review.cost_per_hour for r in proposals if id(r) not in counted)
        facts = []
        needed = [r for r in blocked[account] if r["kind"] == "decider_needed"]
        if needed:
            facts.append(f"{plural(len(needed), 'advance')} past phase {needed[0]['phase']} "
                         "blocked for want of the decider")
        if proposals:
            facts.append(f"{plural(len(proposals), 'proposal')} sent to someone who cannot sign")
        if hours[account]:
            facts.append(f"{duration(hours[account])} spent in phase 3+ before reaching the decider")
        evidence = sorted(blocked[account] + spent[account], key=lambda r: r["t"])
        review.add(evidence[0]["t"], account, "non_decider",
                   f"at {review.book.name(account)}: " + "; ".join(facts), cost, evidence)


def news(review: RepReview) -> None:
    """News touching the rep's accounts without the rep's `news_reacted` within the reaction window."""
    events = {e.id: e for e in review.scenario.events}
    for i, r in enumerate(review.records):
        if r["kind"] != "news":
            continue
        event = events.get(r.get("event"))
        window = event.reaction_hours if event else 8.0
        missed, cost = [], 0.0
        for account in r.get("accounts") or []:
            state = _state_at(review, account, i)
            owner, phase, status = state.owner, state.phase, state.status
            if owner != review.rep:
                continue
            reacted = any(x["kind"] == "news_reacted" and x["account"] == account and x.get("rep") == review.rep
                          and x.get("event") == r.get("event") and r["t"] <= x["t"] <= r["t"] + window
                          for x in review.records[i:])
            if reacted:
                continue
            missed.append(account)
            if status == "client":
                cost += review.acv(account, r["t"]) * NEWS_TRUST * TRUST_TO_CLOSE
            else:
                value = review.book.value(account)
                cost += value * WIN_BY_PHASE[phase - 1] * NEWS_TRUST * TRUST_TO_CLOSE
                if event is not None and event.effect == "freeze":
                    cost += value * (event.duration_weeks / 2) / WEEKS_PER_YEAR
        if not missed:
            continue
        review.add(r["t"], missed[0] if len(missed) == 1 else None, "missed_news",
                   f"news \"{r.get('headline', r.get('event'))}\" touched {name_list(review.book, missed)}; "
                   f"you did not react within {duration(window)}", cost, [r])


def _state_at(review: RepReview, account: str, index: int) -> AccountState:
    """The state of an account at record `index` (a news record names no single account)."""
    for j in range(index, -1, -1):
        if review.records[j].get("account") == account:
            return review.after[j]
    return AccountState()
