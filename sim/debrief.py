"""The debrief: concrete, dated moments of a quarter, each tied to the sales lesson it teaches.

A trainee learns from "week 3, day 2: the lead from Cobalt waited 26 h", not from a grade.
Everything here is rebuilt from the event log records alone (plus the scenario for names,
values and tables), so a saved JSON-lines log can be debriefed later exactly as a live one.
Hidden records (the true phase) are read on purpose: after the quarter the buyer model is
shown, never left a black box.

Each finding carries a `cost`, an estimate in currency of the revenue it put at stake, used
to rank what to talk about first. The estimates reuse the engine's own formulas where there
is one (lead decay, competitor risk, churn) and otherwise rough, documented weights
(WIN_BY_PHASE, TRUST_TO_CLOSE, UTILITY_VALUE); they rank, they do not account.
Scores and grades live elsewhere (sim/scores.py).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sim.calendar import Clock
from sim.clients import SIZE_CHURN
from sim.leads import qualify_chance
from sim.negotiation.issues import DEFAULT_ISSUES
from sim.negotiation.table import REP_BATNA
from sim.rng import Streams
from sim.scenario import schema as sc
from sim.tables import Tables
from sim.territory import build_accounts

PHASE_NAMES = ("latent need", "need recognised", "interest in a solution", "external initiatives",
               "internal initiatives")

WIN_BY_PHASE = (0.08, 0.15, 0.25, 0.35, 0.47)
"""Rough chance that a worked project in phase 1-5 is eventually signed. Phase 5 is CALIBRATION C3
(≈ 47 % of forecast deals are won); earlier phases are ranking weights, not measurements."""
TRUST_TO_CLOSE = 0.4
"""A point of trust adds 0.4 to the chance a proposal is accepted in principle (sim.closing)."""
LEAD_PROMPT_HOURS = 5 / 60
"""The reference reply: within five minutes, the benchmark of the lead-response studies (C2)."""
UTILITY_VALUE = 0.5
"""Yearly deal value of one unit of the rep's negotiation utility: the default issues span a 25 %
discount, free work, ×1.5 volume and two more contract years, so the whole 0-1 range is worth
well over half a year's contract."""
CONCESSION_STEP = 0.05
"""What one concession step is worth, as a share of the deal (a step of the default discount grid)."""
CHURN_PER_SATISFACTION = 0.5
"""Churn chance at renewal rises 0.5 per point of satisfaction lost (sim.clients._renew)."""
ONBOARDING_NEGLECT = 0.08
"""Satisfaction a new client loses per week without a check-in (sim.clients.weekly)."""
UNBRIEFED_HANDOFF = 0.15
"""Satisfaction a hand-off without a briefing costs against one with it (−0.1 against +0.05)."""
NEWS_TRUST = 0.1
"""Trust a timely reaction to news earns (sim.actions._news_reaction)."""
WEEKS_PER_YEAR = 52
NON_DECIDER_HOURS = 6.0
"""Hours on a phase 3+ project before reaching its decider beyond which time is being wasted."""
VALUE_LEFT_THRESHOLD = 0.1
"""Joint utility left on the table beyond which an agreement is called inefficient."""
REFERRAL_SHARE = 0.85
"""A referred account's potential is the referrer's × U(0.5, 1.2) (sim.clients._referral): 0.85 on average."""
INTRO_CHANCE_PER_POINT = 0.12
"""An introduction succeeds with 0.25 + 0.12 × strength; mistreatment costs the sharer two points."""
CLIENT_MISTREATED = 0.15
"""Satisfaction a referring client loses when its contact is mistreated."""
DEFAULT_PRESSURE = 0.4
"""Competitor pressure assumed where the log cannot tell (leads draw it from U(0.2, 0.6))."""

PRINCIPLES = {
    "slow_lead_response": "Inbound leads go cold within minutes: the odds of qualifying fall ~21× between 5 and "
                          "30 minutes, and ~60× after a day.",
    "broken_cadence": "Each phase has its rhythm, weekly in phase 1 to daily in phase 5: silence beyond it cools "
                      "trust and, from phase 3, hands the deal to a competitor.",
    "misfit_action": "Do what fits the buyer's phase: the wrong action wastes time and annoys, like a proposal to "
                     "someone who has not yet recognised a need.",
    "non_decider": "Beyond phase 3 only the decider moves a project: time spent with people who cannot sign is "
                   "time lost.",
    "unconditional_concession": "Give and take: never concede without getting something back, \"I can do X if "
                                "you commit to Y\".",
    "neglected_new_client": "A new client must be reassured in its first weeks and handed over with a briefing: "
                            "the first impression decides the renewal.",
    "missed_news": "News at an account is a moment: the rep who reacts within hours earns trust and shortens a "
                   "freeze.",
    "shared_contact_mistreated": "A contact someone shared is their credibility on loan: mistreat it and they "
                                 "pay for it, and stop sharing.",
    "unprepared_negotiation": "Prepare before round 1: a starting point, an ideal outcome and your walk-away "
                              "(BATNA); improvising at the table concedes by default.",
    "below_batna": "Know your walk-away: a deal worth less than no deal is a deal to refuse.",
    "value_left_on_table": "Look for trades both sides value: an agreement inside the Pareto frontier leaves "
                           "value on the table for both.",
    "churn": "Keeping a client costs far less than winning one: satisfaction at renewal decides churn.",
}
"""The sales lesson each finding kind teaches, one sentence each (DESIGN §3.5)."""


@dataclass(frozen=True)
class Finding:
    """One dated moment of the debrief: what happened, the lesson, what it cost, the records proving it."""

    t: float
    when: str
    rep: str
    account: str | None
    kind: str
    message: str
    principle: str
    cost: float
    evidence: tuple[dict, ...]


# ---------------------------------------------------------------- what the scenario tells about accounts


@dataclass(frozen=True)
class _Known:
    name: str
    potential: float
    size: str | None
    pressure: float
    roles: dict[str, str]


def _expected(dist: sc.Fixed | sc.Uniform | sc.Normal | sc.LogNormal) -> float:
    """The mean of a scenario distribution: the expected potential of an account nobody logged."""
    if isinstance(dist, sc.Fixed):
        return float(dist.value)
    if isinstance(dist, sc.Uniform):
        return (dist.low + dist.high) / 2
    if isinstance(dist, sc.Normal):
        return float(dist.mean)
    return float(dist.median * math.exp(dist.sigma ** 2 / 2))


class _Book:
    """Names, potentials, sizes and buying groups, from the scenario and from what the log records.

    Listed accounts are written in the scenario; generated ones come from the territory's own
    seed (`accounts.generated.seed`), so rebuilding them needs no run seed. Leads and referrals
    are drawn during the run: their potential is estimated from their campaign or referrer.
    """

    def __init__(self, scenario: sc.Scenario, records: list[dict]) -> None:
        self.scenario = scenario
        self.currency = scenario.meta.currency
        self.known: dict[str, _Known] = {}
        for account in build_accounts(scenario, Streams(0)):
            self.known[account.id] = _Known(account.name, float(account.potential), account.size,
                                            float(account.competitor_pressure), {p.id: p.role for p in account.people})
        values = [k.potential for k in self.known.values()]
        self.fallback = sum(values) / len(values) if values else 30000.0
        campaigns = {c.id: _expected(c.potential) for c in scenario.campaigns}
        self.estimated: dict[str, float] = {}
        self.logged_names: dict[str, str] = {}
        for r in records:
            if r["kind"] == "lead_arrived":
                self.estimated[r["account"]] = r.get("potential") or campaigns.get(r.get("campaign"), self.fallback)
            elif r["kind"] == "referral":
                self.estimated[r["account"]] = r.get("potential") or REFERRAL_SHARE * self.value(r.get("by"))
            if r["kind"] in ("lead_arrived", "referral", "account_added") and r.get("name"):
                self.logged_names[r["account"]] = r["name"]

    def name(self, account: str | None) -> str:
        if account is None:
            return "the team"
        known = self.known.get(account)
        return known.name if known else self.logged_names.get(account, account)

    def rep_name(self, rep: str | None) -> str:
        return next((r.name for r in self.scenario.team.reps if r.id == rep), rep or "nobody")

    def value(self, account: str | None) -> float:
        """Yearly potential: written or generated, else estimated from its campaign or referrer."""
        if account in self.known:
            return self.known[account].potential
        return self.estimated.get(account, self.fallback)

    def pressure(self, account: str) -> float:
        known = self.known.get(account)
        return known.pressure if known else DEFAULT_PRESSURE

    def size_factor(self, account: str) -> float:
        known = self.known.get(account)
        return SIZE_CHURN.get(known.size, 1.0) if known and known.size else 1.0

    def is_decider(self, account: str, person: str | None) -> bool:
        known = self.known.get(account)
        return bool(known and person and known.roles.get(person) == "decider")

    def money(self, amount: float) -> str:
        return f"{self.currency} {amount:,.0f}"


# ---------------------------------------------------------------- the account state, followed through the log


@dataclass
class _State:
    owner: str | None = None
    phase: int = 1
    status: str = "prospect"
    decider: bool = False
    lead_decider: bool = False


def _replay(records: list[dict], book: _Book) -> tuple[list[_State], list[_State]]:
    """The state of each record's account just before and just after the record.

    Ownership follows `hidden_phase`, `lead_arrived`, `account_added`, `referral` and `handoff`.
    The decider counts as reached on `decider_reached`, on the first conversation with a lead the
    decider submitted, on an introduction to the decider, and for clients.
    """
    states: dict[str, _State] = defaultdict(_State)
    before, after = [], []
    for r in records:
        account = r.get("account")
        state = states[account] if account is not None else _State()
        before.append(replace(state))
        if account is not None:
            _apply(state, r, book)
        after.append(replace(state))
    return before, after


def _apply(state: _State, r: dict, book: _Book) -> None:
    kind, account = r["kind"], r["account"]
    if kind == "hidden_phase":
        state.owner, state.phase, state.status = r["rep"], r["phase"], r.get("status", "prospect")
        state.decider = state.decider or state.status == "client"
    elif kind == "lead_arrived":
        state.owner, state.phase, state.status, state.lead_decider = r["rep"], r["phase"], "prospect", bool(r.get("decider"))
    elif kind in ("account_added", "referral"):
        state.owner, state.status = r["rep"], "prospect"
        state.phase = r.get("phase", r.get("hidden_phase", state.phase))
    elif kind == "phase_changed":
        state.phase = r["phase"]
    elif kind == "handoff":
        state.owner = r["to"]
    elif kind == "decider_reached":
        state.decider = True
    elif kind == "engaged" and state.lead_decider:
        state.decider = True
    elif kind == "introduced" and (r.get("via_kind") == "client" or book.is_decider(account, r.get("person"))):
        state.decider = True
    elif kind == "negotiation_opened":
        state.status = "negotiating"
    elif kind == "deal_won":
        state.status, state.decider = "client", True
    elif kind in ("deal_lost", "deal_no_decision"):
        state.status = "lost" if kind == "deal_lost" else "no_decision"
    elif kind == "churned":
        state.status = "churned"


# ---------------------------------------------------------------- formatting


def _hours(h: float) -> str:
    if h < 1:
        return f"{max(1, round(h * 60))} min"
    return f"{h:.1f} h" if h < 10 else f"{h:.0f} h"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _names(book: _Book, accounts: list[str], limit: int = 3) -> str:
    names = [book.name(a) for a in accounts]
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


class _Debrief:
    """Collects the findings of one rep; one method per finding kind."""

    def __init__(self, records: list[dict], scenario: sc.Scenario, rep: str) -> None:
        self.records = records
        self.scenario = scenario
        self.rep = rep
        self.clock = Clock.from_spec(scenario.calendar)
        self.tables = Tables(scenario.effects)
        self.book = _Book(scenario, records)
        self.before, self.after = _replay(records, self.book)
        self.end = records[-1]["t"] if records else 0.0
        self.cost_per_hour = scenario.targets.cost_per_hour
        self.found: list[Finding] = []

    def add(self, t: float, account: str | None, kind: str, message: str, cost: float,
            evidence: Iterable[dict]) -> None:
        """Date the message with the clock label and file the finding (cost rounded to cents, never negative)."""
        when = self.clock.label(t)
        self.found.append(Finding(round(t, 4), when, self.rep, account, kind, f"{when}: {message}", PRINCIPLES[kind],
                                  round(max(0.0, cost), 2), tuple(evidence)))

    def mine(self, kind: str) -> list[tuple[int, dict]]:
        return [(i, r) for i, r in enumerate(self.records) if r["kind"] == kind and r.get("rep") == self.rep]

    # -------------------------------------------------------------- leads

    def slow_leads(self) -> None:
        """A lead's first contact later than the target (calendar hours), or never."""
        target = self.scenario.targets.lead_response_hours
        reference = min(LEAD_PROMPT_HOURS, target)
        for _, lead in self.mine("lead_arrived"):
            account = lead["account"]
            quality = lead.get("quality") or "warm"
            first = next((r for r in self.records if r["kind"] == "contact_attempt" and r["account"] == account), None)
            campaign = next((c.name for c in self.scenario.campaigns if c.id == lead.get("campaign")), None)
            name = self.book.name(account) + (f" from {campaign}" if campaign else "")
            if first is not None:
                waited = first["waited_calendar_hours"]
                if waited is None:
                    waited = self.clock.calendar_hours(lead["t"], first["t"])
                if waited <= target:
                    continue
                fact = (f"the {quality} inbound lead {name} waited {_hours(waited)} before first contact "
                        f"(target {_hours(target)}); first contact {self.clock.label(first['t'])} by {first['channel']}")
                evidence = (lead, first)
            else:
                closed = next((r for r in self.records if r["account"] == account and r["t"] >= lead["t"]
                               and r["kind"] in ("deal_lost", "deal_no_decision")), None)
                until = closed["t"] if closed else self.end
                waited = self.clock.calendar_hours(lead["t"], until)
                if waited <= target:
                    continue
                fact = (f"the {quality} inbound lead {name} was never contacted; it waited {_hours(waited)} "
                        + (f"until it was lost ({closed['why']})" if closed else "to the end of the log"))
                evidence = (lead,) + ((closed,) if closed else ())
            lost = qualify_chance(quality, reference) - qualify_chance(quality, waited)
            value = self.book.value(account)
            fact += (f": a reply within {_hours(reference)} had a {qualify_chance(quality, reference):.1%} chance to "
                     f"qualify it, at this delay {qualify_chance(quality, waited):.2%}")
            self.add(lead["t"], account, "slow_lead_response", fact, value * lost, evidence)

    # -------------------------------------------------------------- cadence

    def cadence(self) -> None:
        """`account_cooled` per account: expected loss from trust cooled and competitor risk taken."""
        per: dict[str, list[tuple[int, dict]]] = defaultdict(list)
        for i, r in self.mine("account_cooled"):
            per[r["account"]].append((i, r))
        for account, cooled in per.items():
            value = self.book.value(account)
            cost, worst = 0.0, cooled[0][1]
            for i, r in cooled:
                phase = self.before[i].phase
                spec = self.tables.phase(phase)
                overdue = max(0.0, r["gap_hours"] - r["cadence_hours"]) / self.clock.week_hours
                trust_lost = spec.cooling_per_week * min(2.0, 0.5 + overdue)
                risk = 0.0
                if phase >= 3:
                    risk = spec.competitor_risk_per_week * (0.5 + self.book.pressure(account)) * min(
                        3.0, r["gap_hours"] / max(1e-9, r["cadence_hours"]))
                cost += value * WIN_BY_PHASE[phase - 1] * (risk + TRUST_TO_CLOSE * trust_lost)
                worst = r if r["gap_hours"] > worst["gap_hours"] else worst
            t0 = cooled[0][1]["t"]
            lost = next((r for r in self.records if r["kind"] == "deal_lost" and r["account"] == account
                         and r["t"] >= t0 and "while we were away" in r.get("why", "")), None)
            phase = self.before[cooled[-1][0]].phase
            message = (f"{self.book.name(account)} went {_count(len(cooled), 'week')} past its contact cadence "
                       f"(longest silence {_hours(worst['gap_hours'])} of working time against "
                       f"{_hours(worst['cadence_hours'])} expected in phase {phase}, {PHASE_NAMES[phase - 1]})")
            evidence = [r for _, r in cooled]
            if lost is not None:
                message += f"; a competitor took it {self.clock.label(lost['t'])}"
                cost = max(cost, value * WIN_BY_PHASE[lost.get("phase", phase) - 1])
                evidence.append(lost)
            self.add(t0, account, "broken_cadence", message, min(cost, value), evidence)

    # -------------------------------------------------------------- action-phase fit

    def misfits(self) -> None:
        """Actions outside their phases, grouped per account: time wasted plus annoyance's toll on closing."""
        per: dict[str, list[dict]] = defaultdict(list)
        for _, r in self.mine("action"):
            if not r.get("fit", True) and r.get("account") is not None:
                per[r["account"]].append(r)
        for account, misfits in per.items():
            value = self.book.value(account)
            hours = sum(r["hours"] for r in misfits)
            toll = 0.0
            for r in misfits:
                spec = self.tables.actions.get(r["action"])
                annoyance = spec.annoyance if spec else 0.0
                toll += value * WIN_BY_PHASE[r["phase"] - 1] * (annoyance + TRUST_TO_CLOSE * annoyance / 3)
            # annoyance saturates at 1: however many misfits, the toll cannot exceed the deal's chance
            cost = hours * self.cost_per_hour + min(toll, value * WIN_BY_PHASE[max(r["phase"] for r in misfits) - 1])
            first = misfits[0]
            spec = self.tables.actions.get(first["action"])
            fits = ", ".join(str(p) for p in spec.fits) if spec and spec.fits else "none"
            kinds = sorted({r["action"] for r in misfits})
            more = f" ({len(misfits)} misfit actions here in all: {', '.join(kinds)})" if len(misfits) > 1 else ""
            self.add(first["t"], account, "misfit_action",
                     f"{first['action'].replace('_', ' ')} at {self.book.name(account)}, whose project was in phase "
                     f"{first['phase']} ({PHASE_NAMES[first['phase'] - 1]}); it fits phase(s) {fits}{more}",
                     cost, misfits)

    # -------------------------------------------------------------- the decider

    def non_deciders(self) -> None:
        """Blocked advances (`decider_needed`), proposals to non-signers, and phase 3+ hours before the decider."""
        blocked: dict[str, list[dict]] = defaultdict(list)
        hours: dict[str, float] = defaultdict(float)
        spent: dict[str, list[dict]] = defaultdict(list)
        for i, r in enumerate(self.records):
            if r.get("rep") != self.rep or r.get("account") is None:
                continue
            if r["kind"] == "decider_needed" or (r["kind"] == "action" and r.get("result") == "no_decider"):
                blocked[r["account"]].append(r)
            if (r["kind"] == "action" and r.get("phase", 0) >= 3 and not self.before[i].decider
                    and r["action"] != "research" and self.before[i].status in ("prospect", "negotiating")):
                hours[r["account"]] += r["hours"]
                spent[r["account"]].append(r)
        for account in sorted(set(blocked) | set(hours), key=lambda a: (min(r["t"] for r in blocked[a] + spent[a]), a)):
            if not blocked[account] and hours[account] < NON_DECIDER_HOURS:
                continue
            value = self.book.value(account)
            phases = sorted({r["phase"] for r in blocked[account] if r["kind"] == "decider_needed"})
            cost = hours[account] * self.cost_per_hour
            cost += sum(value * (WIN_BY_PHASE[p] - WIN_BY_PHASE[p - 1]) for p in phases if p < 5)
            proposals = [r for r in blocked[account] if r["kind"] == "action"]
            counted = {id(r) for r in spent[account]}
            cost += sum(r["hours"] * self.cost_per_hour for r in proposals if id(r) not in counted)
            facts = []
            needed = [r for r in blocked[account] if r["kind"] == "decider_needed"]
            if needed:
                facts.append(f"{_count(len(needed), 'advance')} past phase {needed[0]['phase']} "
                             "blocked for want of the decider")
            if proposals:
                facts.append(f"{_count(len(proposals), 'proposal')} sent to someone who cannot sign")
            if hours[account]:
                facts.append(f"{_hours(hours[account])} spent in phase 3+ before reaching the decider")
            evidence = sorted(blocked[account] + spent[account], key=lambda r: r["t"])
            self.add(evidence[0]["t"], account, "non_decider",
                     f"at {self.book.name(account)}: " + "; ".join(facts), cost, evidence)

    # -------------------------------------------------------------- the table

    def negotiations(self) -> None:
        """Per negotiation: unprepared, concessions without commitments, below the walk-away, value left."""
        prepared: dict[str, dict] = {}
        for i, r in enumerate(self.records):
            if r.get("rep") != self.rep:
                continue
            if r["kind"] == "negotiation_prepared":
                prepared[r["account"]] = r
            elif r["kind"] == "negotiation_ended":
                self._negotiation(i, r, prepared.pop(r["account"], None))
        for _, r in self.mine("deal_won"):
            if r.get("negotiated") is None and r.get("discount", 0) > 0 and not self._committed(r):
                self._discount_for_nothing(r, None, None)

    @staticmethod
    def _committed(won: dict) -> bool:
        return won.get("contract_months", 12) > 12 or bool(won.get("reference"))

    def _negotiation(self, index: int, ended: dict, prep: dict | None) -> None:
        account = ended["account"]
        won = next((r for r in self.records[index:] if r["kind"] == "deal_won" and r["account"] == account), None)
        value = won["acv"] / max(0.01, 1 - won["discount"]) if won else self.book.value(account)
        name = self.book.name(account)
        nash_rep = (ended.get("nash_utilities") or [0.0, 0.0])[0]
        if prep is not None and not prep.get("prepared", True):
            got = ended["rep_utility"] if ended.get("rep_utility") is not None else prep.get("batna", REP_BATNA)
            gap = max(0.05, nash_rep - got)
            outcome = f"the table ended in {ended['end_reason'].replace('_', ' ')}"
            if ended.get("rep_utility") is not None:
                outcome += f" with {ended['rep_utility']:.2f} of utility for us against {nash_rep:.2f} at the Nash point"
            self.add(prep["t"], account, "unprepared_negotiation",
                     f"you sat down to negotiate with {name} without a prepared start, ideal or walk-away; {outcome}",
                     value * UTILITY_VALUE * gap, [prep, ended])
        commitments = ended.get("commitments_obtained")
        discount = won["discount"] if won else 0.0
        unconditional = ended.get("unconditional_concessions", 0) or 0
        no_return = discount > 0 and commitments is not None and commitments <= 0
        if unconditional > 0 or no_return:
            self._discount_for_nothing(won, ended, value if won is None else None)
        if ended.get("rep_utility") is not None and ended["rep_utility"] < REP_BATNA:
            stated = f" (your stated walk-away was {prep['batna']:.2f})" if prep else ""
            self.add(ended["t"], account, "below_batna",
                     f"you agreed with {name} on terms worth {ended['rep_utility']:.2f} to us, below our walk-away "
                     f"of {REP_BATNA:.2f}{stated}: walking away would have been better",
                     value * UTILITY_VALUE * (REP_BATNA - ended["rep_utility"]), [r for r in (prep, ended) if r])
        left = ended.get("value_left")
        if left is not None and left > VALUE_LEFT_THRESHOLD:
            self.add(ended["t"], account, "value_left_on_table",
                     f"the agreement with {name} left {left:.2f} of joint utility on the table: terms better for "
                     f"both sides existed (ours {ended['rep_utility']:.2f}, theirs {ended['buyer_utility']:.2f}; "
                     f"Nash point {nash_rep:.2f} / {(ended.get('nash_utilities') or [0, 0])[1]:.2f})",
                     value * UTILITY_VALUE * left / 2, [ended])

    def _terms(self, terms: dict[str, str]) -> str:
        """Agreed terms in the order of the issues (a JSON round trip sorts the keys)."""
        issues = [(i.id, i.name) for i in self.scenario.negotiation.issues] or [(i.id, i.name) for i in DEFAULT_ISSUES]
        order = {ident: n for n, (ident, _) in enumerate(issues)}
        names = dict(issues)
        keys = sorted(terms, key=lambda k: (order.get(k, len(order)), k))
        return ", ".join(f"{names.get(k, k).lower()} {terms[k]}" for k in keys)

    def _discount_for_nothing(self, won: dict | None, ended: dict | None, value: float | None) -> None:
        """A discount granted with no commitment in return, or concessions made without asking back."""
        record = won if won is not None else ended
        account = record["account"]
        name = self.book.name(account)
        facts, cost = [], 0.0
        if won is not None and won.get("discount", 0) > 0:
            committed = (ended["commitments_obtained"] > 0) if ended is not None and ended.get(
                "commitments_obtained") is not None else self._committed(won)
            if not committed:
                list_value = won["acv"] / max(0.01, 1 - won["discount"])
                facts.append(f"{name} signed with a {won['discount']:.0%} discount and no commitment in return "
                             f"({self.book.money(list_value * won['discount'])} a year given for nothing)")
                cost = list_value * won["discount"]
        unconditional = (ended or {}).get("unconditional_concessions", 0) or 0
        if unconditional:
            deal = value if value is not None else won["acv"] / max(0.01, 1 - won["discount"])
            terms = (ended or {}).get("agreement_terms")
            shown = f" (final terms: {self._terms(terms)})" if terms else ""
            facts.append(f"at the table with {name} you made {_count(unconditional, 'concession')} without asking "
                         f"anything back{shown}")
            cost = max(cost, unconditional * CONCESSION_STEP * deal)
        if not facts:
            return
        t = ended["t"] if ended is not None else won["t"]
        self.add(t, account, "unconditional_concession", "; ".join(facts), cost,
                 [r for r in (ended, won) if r is not None])

    # -------------------------------------------------------------- new clients

    def new_clients(self) -> None:
        """Onboarding weeks without a check-in and hand-offs without a briefing, per account."""
        per: dict[str, list[dict]] = defaultdict(list)
        for _, r in self.mine("client_neglected"):
            if r.get("onboarding"):
                per[r["account"]].append(r)
        for _, r in self.mine("handoff"):
            if not r.get("briefed", True):
                per[r["account"]].append(r)
        for account, rows in per.items():
            rows.sort(key=lambda r: r["t"])
            neglected = [r for r in rows if r["kind"] == "client_neglected"]
            unbriefed = [r for r in rows if r["kind"] == "handoff"]
            acv = self._acv(account, rows[0]["t"])
            lost = ONBOARDING_NEGLECT * len(neglected) + UNBRIEFED_HANDOFF * len(unbriefed)
            facts = []
            if neglected:
                facts.append(f"{_count(len(neglected), 'onboarding week')} without a check-in "
                             f"(satisfaction down to {neglected[-1]['satisfaction']:.2f})")
            if unbriefed:
                facts.append(f"handed to {self.book.rep_name(unbriefed[0]['to'])} without a briefing")
            self.add(rows[0]["t"], account, "neglected_new_client",
                     f"new client {self.book.name(account)}: " + "; ".join(facts),
                     acv * CHURN_PER_SATISFACTION * lost * self.book.size_factor(account), rows)

    def _acv(self, account: str, at: float) -> float:
        """Contract value of a client at time `at`: signed value plus cross-sales, else its potential."""
        acv = 0.0
        for r in self.records:
            if r["t"] > at:
                break
            if r["account"] == account and r["kind"] in ("deal_won", "cross_sold"):
                acv = r["acv"] if r["kind"] == "deal_won" else acv + r["acv"]
        return acv or self.book.value(account)

    # -------------------------------------------------------------- news

    def news(self) -> None:
        """News touching the rep's accounts without the rep's `news_reacted` within the reaction window."""
        events = {e.id: e for e in self.scenario.events}
        for i, r in enumerate(self.records):
            if r["kind"] != "news":
                continue
            event = events.get(r.get("event"))
            window = event.reaction_hours if event else 8.0
            missed, cost = [], 0.0
            for account in r.get("accounts") or []:
                state = self._at(account, i)
                owner, phase, status = state.owner, state.phase, state.status
                if owner != self.rep:
                    continue
                reacted = any(x["kind"] == "news_reacted" and x["account"] == account and x.get("rep") == self.rep
                              and x.get("event") == r.get("event") and r["t"] <= x["t"] <= r["t"] + window
                              for x in self.records[i:])
                if reacted:
                    continue
                missed.append(account)
                if status == "client":
                    cost += self._acv(account, r["t"]) * NEWS_TRUST * TRUST_TO_CLOSE
                else:
                    value = self.book.value(account)
                    cost += value * WIN_BY_PHASE[phase - 1] * NEWS_TRUST * TRUST_TO_CLOSE
                    if event is not None and event.effect == "freeze":
                        cost += value * (event.duration_weeks / 2) / WEEKS_PER_YEAR
            if not missed:
                continue
            self.add(r["t"], missed[0] if len(missed) == 1 else None, "missed_news",
                     f"news \"{r.get('headline', r.get('event'))}\" touched {_names(self.book, missed)}; "
                     f"you did not react within {_hours(window)}", cost, [r])

    def _at(self, account: str, index: int) -> _State:
        """The state of an account at record `index` (a news record names no single account)."""
        for j in range(index, -1, -1):
            if self.records[j].get("account") == account:
                return self.after[j]
        return _State()

    # -------------------------------------------------------------- shared contacts, churn

    def shared_contacts(self) -> None:
        """`shared_contact_mistreated`: what the sharer (a colleague's relationship, a client's goodwill) lost."""
        for _, r in self.mine("shared_contact_mistreated"):
            account = r["account"]
            if r.get("via_kind") == "client":
                sharer = self.book.name(r["sharer"])
                cost = self._acv(r["sharer"], r["t"]) * CHURN_PER_SATISFACTION * CLIENT_MISTREATED
                who = f"the client {sharer}, who lost satisfaction and stopped recommending us"
            else:
                sharer = self.book.rep_name(r["sharer"])
                cost = self.book.value(account) * INTRO_CHANCE_PER_POINT * 2
                who = f"your colleague {sharer}, whose relationship there dropped two points"
            self.add(r["t"], account, "shared_contact_mistreated",
                     f"{self.book.name(account)}, introduced by {sharer}, was annoyed past the point of no return; "
                     f"the cost falls on {who}", cost, [r])

    def churns(self) -> None:
        """A client lost at renewal costs its yearly contract; the neglect before it is the evidence."""
        for _, r in self.mine("churned"):
            account = r["account"]
            neglect = [x for x in self.records if x["account"] == account and x["kind"] in ("client_neglected", "handoff")
                       and x["t"] <= r["t"]]
            weeks = sum(x["kind"] == "client_neglected" for x in neglect)
            self.add(r["t"], account, "churn",
                     f"{self.book.name(account)} did not renew (satisfaction {r['satisfaction']:.2f}), taking "
                     f"{self.book.money(r['acv'])} a year with it"
                     + (f" after {_count(weeks, 'neglected week')}" if weeks else ""),
                     r["acv"], [r, *neglect])


def findings(records: Iterable[dict], scenario: sc.Scenario, rep_id: str) -> list[Finding]:
    """The debrief of one rep, most costly first: each a dated fact, its lesson, its cost and proof."""
    records = list(records)
    debrief = _Debrief(records, scenario, rep_id)
    debrief.slow_leads()
    debrief.cadence()
    debrief.misfits()
    debrief.non_deciders()
    debrief.negotiations()
    debrief.new_clients()
    debrief.news()
    debrief.shared_contacts()
    debrief.churns()
    return sorted(debrief.found, key=lambda f: (-f.cost, f.t, f.kind, f.account or ""))


# ---------------------------------------------------------------- the buyer model, opened up


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
