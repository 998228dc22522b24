"""From a proposal accepted in principle to a signed deal, a loss or no decision.

The proposal is the hand-off to negotiation (DESIGN §3.1 step 5): accepted in principle,
it opens the negotiation table (sim.negotiation.table), whose outcome comes back here as
deal terms or a loss. A deal that needs scarce capacity cannot close without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.accounts import Account
from sim.interface import Action
from sim.negotiation import table
from sim.reps import Rep

if TYPE_CHECKING:
    from sim.world import World

CAPACITY_PATIENCE_WEEKS = 3


@dataclass
class CapacityRequest:
    account: str
    rep: str
    amount: float
    value: float
    since: float
    terms: dict


def proposal(world: World, rep: Rep, account: Account, action: Action, mult: float, base: dict) -> str:
    now = world.env.now
    if account.status != "prospect":
        # closed (or at the table) while the proposal was being written: it cannot reopen the account
        world.log.add(now, "action", rep.id, account.id, **base, result="too_late")
        return f"too late: the account is {account.status.replace('_', ' ')}"
    if not account.decider_reached:
        world.log.add(now, "action", rep.id, account.id, **base, result="no_decider")
        return "sent to someone who cannot sign"
    if action.name == "conditional_proposal" and account.commitments < 3:
        account.commitments += 1
        world.log.add(now, "commitment_banked", rep.id, account.id, commitments=account.commitments)
    if account.phase < 5:
        world.log.add(now, "action", rep.id, account.id, **base, result="too_early")
        return "they are not ready to decide"
    chance = min(0.9, (0.3 + 0.4 * account.trust + 0.08 * account.commitments) * mult * (1 - account.annoyance)
                 * account.group_factor)
    if account.frozen_until > now or not account.rng.random() < chance:
        world.log.add(now, "action", rep.id, account.id, **base, result="considering")
        return "they will think about it"
    account.status = "negotiating"
    world.log.add(now, "action", rep.id, account.id, **base, result="accepted_in_principle")
    world.log.add(now, "negotiation_opened", rep.id, account.id)
    table.open_table(world, rep, account)
    return "accepted in principle"


def deal_terms(world: World, account: Account, discount: float) -> dict:
    services = [s for s in account.services if world.services[s].kind == "core"] or account.services[:1]
    fitting = account.services + [s.id for s in world.services.values() if s.kind == "addon" and s.id not in account.services]
    total_price = sum(world.services[s].price for s in fitting) or 1.0
    share = sum(world.services[s].price for s in services) / total_price
    acv = account.potential * share * (1 - discount)
    margin = sum(world.services[s].margin * world.services[s].price for s in services) / max(1.0, sum(world.services[s].price for s in services))
    margin_rate = (margin - discount) / (1 - discount) if discount < 1 else 0.0
    capacity = sum(world.services[s].capacity_use for s in services)
    return {"services": services, "acv": round(acv, 2), "margin_rate": round(margin_rate, 4),
            "discount": round(discount, 4), "capacity": capacity, "contract_months": 12}


def win(world: World, rep: Rep, account: Account, terms: dict) -> None:
    """Sign on these terms, once the capacity they need is granted."""
    if terms["capacity"] > 0 and world.capacity is not None:
        request = CapacityRequest(account.id, rep.id, terms["capacity"], terms["acv"], world.env.now, terms)
        if world.scenario.capacity.arbitration == "first_come" and world.capacity.level >= request.amount:
            world.capacity.get(request.amount)
        else:
            world.capacity_requests.append(request)
            world.log.add(world.env.now, "capacity_requested", rep.id, account.id, amount=request.amount,
                          available=round(world.capacity.level, 3))
            return
    sign(world, rep, account, terms)


def sign(world: World, rep: Rep, account: Account, terms: dict) -> None:
    from sim import clients

    now = world.env.now
    account.status = "client"
    account.closed_at = now
    account.sold = list(terms["services"])
    account.acv = terms["acv"]
    account.margin_rate = terms["margin_rate"]
    account.contract_months = terms["contract_months"]
    account.reference = account.reference or bool(terms.get("reference"))
    account.hunter = rep.id
    clients.onboard(world, account)
    cycle = now - account.first_contact_at if account.first_contact_at is not None else None
    rep.adjust_motivation(+0.06)
    world.log.add(now, "deal_won", rep.id, account.id, acv=terms["acv"], margin_rate=terms["margin_rate"],
                  discount=terms["discount"], services=terms["services"], capacity=terms["capacity"],
                  cycle_hours=round(cycle, 3) if cycle is not None else None, source=account.source,
                  contract_months=terms["contract_months"], reference=bool(terms.get("reference")),
                  negotiated=terms.get("negotiated"))
    world.decision_point(f"won:{account.id}", rep.id)


def close_lost(world: World, account: Account, status: str, why: str) -> None:
    account.status = status
    account.closed_at = world.env.now
    if account.owner in world.reps:
        world.reps[account.owner].adjust_motivation(-0.04 if status == "lost" else -0.02)
    world.log.add(world.env.now, "deal_" + ("lost" if status == "lost" else "no_decision"), account.owner, account.id,
                  why=why, phase=account.phase)


def team_meeting(world: World) -> None:
    """The weekly team meeting: the manager arbitrates scarce capacity, biggest deals first."""
    if world.capacity is None:
        return
    now = world.env.now
    added = world.scenario.capacity.added_per_week
    if added and now > 0:
        world.capacity.put(added)
    waiting = []
    for request in sorted(world.capacity_requests, key=lambda r: (-r.value, r.since, r.account)):
        account = world.accounts[request.account]
        if world.capacity.level >= request.amount:
            world.capacity.get(request.amount)
            world.log.add(now, "capacity_granted", request.rep, request.account, amount=request.amount,
                          left=round(world.capacity.level, 3))
            sign(world, world.reps[request.rep], account, request.terms)
        elif now - request.since >= CAPACITY_PATIENCE_WEEKS * world.clock.week_hours:
            close_lost(world, account, "lost", "no capacity to deliver in time")
        else:
            waiting.append(request)
    world.capacity_requests = waiting
