"""Each account's owner, phase, status and decider access, followed record by record through the log.

Rules judge an action by the state it was taken in (the phase before an `account_cooled`, whether
the decider was reached before an hour was spent), so the state is kept just before and just after
every record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from sim.debrief.account_book import AccountBook


@dataclass
class AccountState:
    owner: str | None = None
    phase: int = 1
    status: str = "prospect"
    decider: bool = False
    lead_decider: bool = False


def replay_states(records: list[dict], book: AccountBook) -> tuple[list[AccountState], list[AccountState]]:
    """The state of each record's account just before and just after the record.

    Ownership follows `hidden_phase`, `lead_arrived`, `account_added`, `referral` and `handoff`.
    The decider counts as reached on `decider_reached`, on the first conversation with a lead the
    decider submitted, on an introduction to the decider, and for clients.
    """
    states: dict[str, AccountState] = defaultdict(AccountState)
    before, after = [], []
    for r in records:
        account = r.get("account")
        state = states[account] if account is not None else AccountState()
        before.append(replace(state))
        if account is not None:
            _apply(state, r, book)
        after.append(replace(state))
    return before, after


def _apply(state: AccountState, r: dict, book: AccountBook) -> None:
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
