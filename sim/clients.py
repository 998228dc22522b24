"""Loyalty (DESIGN §3.1 step 6): a new client is reassured then satisfied; a satisfied one
grows through cross-sell and may become an ambassador who refers new accounts; a neglected
one churns at renewal. Hunters hand new clients to farmers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.accounts import Account, Person
from sim.interface import Action
from sim.reps import Rep
from sim.territory import buying_group, company_name

if TYPE_CHECKING:
    from sim.world import World

ONBOARDING_WEEKS = 3
NEGLECT_WEEKS = 4
HANDOFF_WEEKS = 2
WEEKS_PER_YEAR = 52
SIZE_CHURN = {"smb": 1.4, "mid": 1.0, "enterprise": 0.6}
"""Bigger contracts churn less (CALIBRATION C7: retention rises with contract size)."""


def setup_existing(world: World) -> None:
    """Clients at the start: contracts signed earlier, renewals spread over the coming year."""
    from sim.closing import deal_terms

    for account in world.accounts.values():
        if account.status != "client":
            continue
        terms = deal_terms(world, account, 0.0)
        account.sold = list(terms["services"])
        account.acv = terms["acv"]
        account.margin_rate = terms["margin_rate"]
        account.engaged = True
        account.decider_reached = True
        account.satisfaction = float(account.rng.uniform(0.45, 0.85))
        account.client_since = -world.clock.week_hours * float(account.rng.uniform(4, 100))
        account.renewal_at = world.clock.week_hours * float(account.rng.uniform(1, WEEKS_PER_YEAR))
        account.handed_off = True
        account.last_contact = -world.clock.week_hours * float(account.rng.uniform(0, 3))


def onboard(world: World, account: Account) -> None:
    account.client_since = world.env.now
    account.satisfaction = 0.5
    account.renewal_at = world.env.now + world.clock.week_hours * WEEKS_PER_YEAR * account.contract_months / 12
    account.last_contact = world.env.now


def act(world: World, rep: Rep, account: Account, action: Action, base: dict) -> str:
    now = world.env.now
    mult = rep.multiplier
    in_onboarding = account.client_since is not None and now - account.client_since < ONBOARDING_WEEKS * world.clock.week_hours
    account.last_contact = now
    if action.name == "client_checkin":
        gain = (0.12 if in_onboarding else 0.08) * mult
        account.satisfaction = min(1.0, account.satisfaction + gain)
        world.log.add(now, "action", rep.id, account.id, **base, result="reassured" if in_onboarding else "satisfied",
                      satisfaction=round(account.satisfaction, 3))
        _maybe_ambassador(world, account)
        return "the client is glad you called"
    service = world.services[action.service]
    chance = max(0.0, (account.satisfaction - 0.45) * 0.15 * mult)
    if account.rng.random() < chance:
        fitting = sum(world.services[s].price for s in account.services) + sum(
            s.price for s in world.services.values() if s.kind == "addon" and s.id not in account.services)
        value = round(account.potential * service.price / max(1.0, fitting), 2)
        account.sold.append(service.id)
        account.touch()
        account.acv += value
        world.log.add(now, "action", rep.id, account.id, **base, result="sold")
        world.log.add(now, "cross_sold", rep.id, account.id, service=service.id, acv=value, margin_rate=service.margin)
        return "they bought it"
    if account.satisfaction < 0.4:
        account.satisfaction = max(0.0, account.satisfaction - 0.05)
    world.log.add(now, "action", rep.id, account.id, **base, result="declined")
    return "not now"


def _maybe_ambassador(world: World, account: Account) -> None:
    tenure = world.env.now - (account.client_since or 0.0)
    if not account.ambassador and account.satisfaction >= 0.8 and (account.reference or tenure >= 8 * world.clock.week_hours):
        account.ambassador = True
        world.log.add(world.env.now, "ambassador", account.owner, account.id)


def weekly(world: World) -> None:
    now = world.env.now
    week = world.clock.week_hours
    farmers = [r for r in world.reps.values() if r.profile == "farmer"]
    for account in list(world.accounts.values()):
        if account.status != "client":
            continue
        since_contact = now - (account.last_contact if account.last_contact is not None else -1e9)
        in_onboarding = account.client_since is not None and now - account.client_since <= ONBOARDING_WEEKS * week
        if in_onboarding and since_contact > week:
            account.satisfaction = max(0.0, account.satisfaction - 0.08)
            world.log.add(now, "client_neglected", account.owner, account.id, onboarding=True,
                          satisfaction=round(account.satisfaction, 3))
        elif since_contact > NEGLECT_WEEKS * week:
            account.satisfaction = max(0.0, account.satisfaction - 0.04)
            world.log.add(now, "client_neglected", account.owner, account.id, onboarding=False,
                          satisfaction=round(account.satisfaction, 3))
        _maybe_ambassador(world, account)
        if account.ambassador and account.rng.random() < 0.04:
            _referral(world, account)
        if account.renewal_at is not None and now >= account.renewal_at:
            _renew(world, account)
        if (farmers and not account.handed_off and account.client_since is not None
                and now - account.client_since >= HANDOFF_WEEKS * week and account.owner in world.reps
                and world.reps[account.owner].profile == "hunter"):
            _hand_off(world, account, farmers)


def _renew(world: World, account: Account) -> None:
    churn = min(0.6, max(0.05, 0.55 - 0.5 * account.satisfaction)) * SIZE_CHURN.get(account.size, 1.0)
    now = world.env.now
    if account.rng.random() < churn:
        account.status = "churned"
        world.log.add(now, "churned", account.owner, account.id, acv=account.acv, satisfaction=round(account.satisfaction, 3))
        return
    account.renewal_at = now + world.clock.week_hours * WEEKS_PER_YEAR * account.contract_months / 12
    world.log.add(now, "renewed", account.owner, account.id, acv=account.acv, satisfaction=round(account.satisfaction, 3))


def _hand_off(world: World, account: Account, farmers: list[Rep]) -> None:
    hunter = account.owner
    briefed = any(
        h["action"] == "internal_coordination" and world.env.now - h["t"] <= HANDOFF_WEEKS * world.clock.week_hours
        for h in world.history.get(hunter, [])
    )
    farmer = min(farmers, key=lambda r: (sum(world.accounts[a].status == "client" for a in world.owned.get(r.id, [])), r.id))
    account.satisfaction = min(1.0, max(0.0, account.satisfaction + (0.05 if briefed else -0.1)))
    account.handed_off = True
    world.transfer(account, farmer.id)
    world.log.add(world.env.now, "handoff", hunter, account.id, to=farmer.id, briefed=briefed)


def _referral(world: World, client: Account) -> None:
    """An ambassador refers a new account: a warm start with the decider already known."""
    world.lead_counter += 1
    ident = f"ref-{world.lead_counter:04d}"
    rng = client.rng
    size = client.size
    people: list[Person] = buying_group(ident, size, rng)
    hunters = [r.id for r in world.reps.values() if r.profile == "hunter"] or list(world.reps)
    owner = client.hunter if client.hunter in world.reps else hunters[0]
    account = Account(
        id=ident, name=company_name(rng), sector=client.sector, size=size, potential=round(client.potential * float(rng.uniform(0.5, 1.2)), -2),
        services=list(client.services), phase=int(rng.integers(2, 4)), status="prospect", owner=owner,
        trust=0.45, competitor_pressure=float(rng.uniform(0.1, 0.4)), people=people,
        rng=world.streams.get("account", ident), source="referral", created_at=world.env.now,
        introduced_by=client.id, introduced_via="client",
    )
    if account.decider:
        account.known_people.add(account.decider.id)
    world.add_account(account)
    world.log.add(world.env.now, "referral", owner, ident, by=client.id, hidden_phase=account.phase,
                  name=account.name, potential=account.potential)
    world.decision_point(f"referral:{ident}", owner)
