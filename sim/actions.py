"""What an action does: its checks, its time, and its effect on the account (DESIGN §3.3).

The right action for the phase works; the wrong one wastes time or annoys. A first request
to a stranger mostly fails except in person (C4); an inbound lead cools by the minute (C1, C2);
progress beyond phase 3 needs the decider. All draws come from the account's own stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim import clients, closing
from sim.accounts import DEPTHS, Account
from sim.interface import Action
from sim.leads import qualify_chance
from sim.reps import Rep
from sim.tables import CONTACT_CHANCE, LEAD_CHANNEL

if TYPE_CHECKING:
    from sim.world import World

CONTACT_CHANNELS = ("email", "phone", "video", "face_to_face")
MANAGER_WAIT_HOURS = 2.0
ANNOYED = 0.6
"""Annoyance above which the prospect feels mistreated (and a shared contact is burnt)."""


def check(world: World, rep: Rep, action: Action, probe_only: bool = False) -> str | None:
    """Why the action cannot be done now, or None."""
    spec = world.tables.actions.get(action.name)
    if spec is None:
        return f"unknown action '{action.name}'"
    if spec.hours > world.hours_left(rep.id) + 1e-9:
        return "not enough hours left this week"
    if spec.target == "team":
        return None
    if action.account is None:
        return "this action needs an account"
    account = world.accounts.get(action.account)
    if account is None:
        return f"no account '{action.account}'"
    if spec.target == "client" and account.status != "client":
        return "only for clients"
    if spec.target == "prospect" and not account.is_open:
        return f"the account is {account.status.replace('_', ' ')}"
    if spec.target == "any" and account.status in ("lost", "no_decision", "churned"):
        return f"the account is {account.status.replace('_', ' ')}"
    if action.name in ("proposal", "conditional_proposal") and account.status == "negotiating":
        return "a negotiation is already open with this account"
    if action.name == "news_reaction" and not any(n.open_until > world.env.now for n in world.news.get(account.id, [])):
        return "no recent news at this account"
    if action.name == "introduction_request" and not probe_only:
        if not any(via == action.via for via, _, _ in introductions(world, rep.id, account)):
            return "no colleague or client who can introduce you there"
    if action.name == "cross_sell" and not probe_only:
        if action.service not in world.services or action.service in account.sold:
            return "choose a service this client does not have yet"
    return None


def introductions(world: World, rep_id: str, account: Account) -> list[tuple[str, str, int]]:
    """Who can introduce this rep to the account: colleagues who know someone there, clients linked to it."""
    found = []
    for other_id in world.contacts_at.get(account.id, ()):
        if other_id != rep_id:
            other = world.reps[other_id]
            best = max((s for (acc, _), s in other.contacts.items() if acc == account.id), default=0)
            if best:
                found.append((other_id, "colleague", best))
    for client_id, strength in world.referrers_of.get(account.id, ()):
        if world.accounts[client_id].status == "client":
            found.append((client_id, "client", strength))
    return found


def perform(world: World, rep: Rep, action: Action):
    """SimPy sub-process: spend the hours (with the manager when needed), then resolve the effect."""
    env = world.env
    spec = world.tables.actions[action.name]
    started = env.now
    rep.hours_used_week += spec.hours
    rep.hours_used_total += spec.hours
    with_manager = False
    if spec.needs_manager:
        if world.manager_hours_left >= spec.hours:
            request = world.manager.request()
            result = yield request | env.timeout(MANAGER_WAIT_HOURS)
            if request in result and world.manager_hours_left < spec.hours:
                world.manager.release(request)  # another rep took the last hours while we waited
            elif request in result:
                with_manager = True
                world.manager_hours_left -= spec.hours
                world.log.add(env.now, "manager_joined", rep.id, action.account, action=action.name)
                yield env.timeout(spec.hours)
                world.manager.release(request)
            else:
                request.cancel()
        if not with_manager:
            world.log.add(env.now, "manager_unavailable", rep.id, action.account, action=action.name)
    if not with_manager:
        yield env.timeout(spec.hours)
    result = resolve(world, rep, action, with_manager, started)
    world.history[rep.id].append({"t": env.now, "action": action.name, "account": action.account, "result": result})


def resolve(world: World, rep: Rep, action: Action, with_manager: bool = False, started: float | None = None) -> str:
    """Apply the effect model; returns what the rep perceives ('no answer', 'conversation', ...).

    `started` is when the action began: the moment a lead's phone rings, for lead decay.
    """
    now = world.env.now
    started = now if started is None else started
    spec = world.tables.actions[action.name]
    if spec.target == "team":
        world.log.add(now, "action", rep.id, None, action=action.name, hours=spec.hours, fit=True)
        return "done"
    account = world.accounts[action.account]
    rng = account.rng
    phase = account.phase
    fit = account.status == "client" or not spec.fits or phase in spec.fits
    base = {"action": action.name, "hours": spec.hours, "channel": spec.channel, "phase": phase, "fit": fit}

    if action.name == "research":
        account.info[0] = min(1.0, account.info[0] + spec.info * 0.5)
        account.touch()
        world.log.add(now, "action", rep.id, account.id, **base, result="researched")
        return "researched"

    if action.name == "introduction_request":
        return _introduction(world, rep, account, action, base)

    if spec.channel in CONTACT_CHANNELS and not account.engaged and account.status != "client":
        if not _first_contact(world, rep, account, spec.channel, base, started):
            return "no answer"

    if action.name == "client_checkin" or action.name == "cross_sell":
        return clients.act(world, rep, account, action, base)

    account.last_contact = now
    person = account.person(action.person)
    if person is not None:
        account.known_people.add(person.id)
        account.touch()
        if person.role == "decider" and not account.decider_reached:
            account.decider_reached = True
            world.log.add(now, "decider_reached", rep.id, account.id, person=person.id)

    if action.name == "news_reaction":
        return _news_reaction(world, rep, account, base)

    mult = rep.multiplier * (1.25 if with_manager else 1.0)
    if not fit:
        account.annoyance = min(1.0, account.annoyance + spec.annoyance)
        account.trust = max(0.0, account.trust - spec.annoyance / 3)
        world.log.add(now, "action", rep.id, account.id, **base, result="misfit", annoyance=round(account.annoyance, 3))
        _check_mistreated(world, rep, account)
        world.add_signal(rep.id, account, action.name)
        return "poorly received"

    account.trust = min(1.0, account.trust + spec.trust * mult)
    _gain_info(account, action.name, spec.info * mult)
    if action.name in ("proposal", "conditional_proposal"):
        outcome = closing.proposal(world, rep, account, action, mult, base)
        world.add_signal(rep.id, account, action.name)
        return outcome

    needs_decider = (spec.needs_decider and not account.decider_reached) or (phase >= 3 and not account.decider_reached)
    chance = spec.advance[phase - 1] * mult * (0.5 + account.trust) * (1.0 - account.annoyance) * account.group_factor
    if account.frozen_until > now:
        chance = 0.0
    moved = False
    if chance > 0 and rng.random() < min(0.95, chance):
        if needs_decider:
            world.log.add(now, "decider_needed", rep.id, account.id, phase=phase)
        elif phase < 5:
            account.phase += 1
            moved = True
            world.log.add(now, "phase_changed", rep.id, account.id, phase=account.phase, cause=action.name, hidden=True)
    world.log.add(now, "action", rep.id, account.id, **base, result="advanced" if moved else "ok")
    world.add_signal(rep.id, account, action.name)
    return "conversation"


def _gain_info(account: Account, name: str, amount: float) -> None:
    if name.startswith("discovery_"):
        depth = DEPTHS.index(name.removeprefix("discovery_"))
        if depth == 3 and not account.decider_reached:
            amount /= 2
        account.info[depth] = min(1.0, account.info[depth] + amount * 0.6)
    else:
        account.info[0] = min(1.0, account.info[0] + amount * 0.3)
    account.touch()


def _first_contact(world: World, rep: Rep, account: Account, channel: str, base: dict, started: float) -> bool:
    """A first request: inbound leads decay with calendar time; others depend on channel and relation."""
    now = world.env.now
    account.contact_attempts += 1
    if account.source == "inbound" and not account.lead_cold:
        waited = world.clock.calendar_hours(account.created_at, started)
        chance = qualify_chance(account.lead_quality or "warm", waited, LEAD_CHANNEL[channel])
        relation = "inbound"
    else:
        strength = max((s for (acc, _), s in rep.contacts.items() if acc == account.id), default=0)
        warm = strength or (account.known_people and account.source != "inbound")
        relation = "acquaintance" if warm else "cold"
        chance = CONTACT_CHANCE[relation][channel]
        if strength:
            chance = min(0.95, chance + 0.03 * (strength - 3))
        chance *= 1.0 - 0.8 * max(0.0, account.annoyance - ANNOYED)
    success = bool(account.rng.random() < chance)
    waited = round(world.clock.calendar_hours(account.created_at, started), 4) if relation == "inbound" else None
    world.log.add(now, "contact_attempt", rep.id, account.id, channel=channel, relation=relation, success=success,
                  attempt=account.contact_attempts, waited_calendar_hours=waited)
    if not success:
        if relation == "inbound":
            account.lead_cold = True  # missed its moment: from now on a cold prospect like any other
        world.log.add(now, "action", rep.id, account.id, **base, result="no_answer")
        return False
    account.engaged = True
    if account.first_contact_at is None:
        account.first_contact_at = now
    if account.source == "inbound" and account.lead_contact:
        lead_person = account.person(account.lead_contact)
        if lead_person is not None and lead_person.role == "decider":
            account.decider_reached = True
    world.log.add(now, "engaged", rep.id, account.id, relation=relation)
    return True


def _introduction(world: World, rep: Rep, account: Account, action: Action, base: dict) -> str:
    now = world.env.now
    kind, strength = next((k, s) for via, k, s in introductions(world, rep.id, account) if via == action.via)
    chance = 0.25 + 0.12 * strength
    if not account.rng.random() < chance:
        world.log.add(now, "action", rep.id, account.id, **base, result="declined", via=action.via)
        return "introduction declined"
    if kind == "colleague":
        colleague = world.reps[action.via]
        person_id = max(((p, s) for (acc, p), s in colleague.contacts.items() if acc == account.id), key=lambda x: x[1])[0]
        person = account.person(person_id)
    else:
        person = account.decider or (account.people[0] if account.people else None)
    account.engaged = True
    account.first_contact_at = account.first_contact_at if account.first_contact_at is not None else now
    account.last_contact = now
    account.trust = min(1.0, account.trust + 0.04 * strength)
    account.introduced_by = action.via
    account.introduced_via = kind
    if person is not None:
        account.known_people.add(person.id)
        account.touch()
        if person.role == "decider":
            account.decider_reached = True
    world.log.add(now, "introduced", rep.id, account.id, via=action.via, via_kind=kind, strength=strength,
                  person=person.id if person else None)
    world.log.add(now, "action", rep.id, account.id, **base, result="introduced", via=action.via)
    world.add_signal(rep.id, account, action.name)
    return "introduced"


def _check_mistreated(world: World, rep: Rep, account: Account) -> None:
    """A prospect reached through someone's network and then annoyed costs that someone trust."""
    if account.introduced_by is None or account.mistreated or account.annoyance < ANNOYED:
        return
    account.mistreated = True
    sharer = account.introduced_by
    if account.introduced_via == "colleague":
        colleague = world.reps[sharer]
        for key, strength in list(colleague.contacts.items()):
            if key[0] == account.id:
                colleague.contacts[key] = max(1, strength - 2)
        account.touch()  # the introductions others see there have changed
    else:
        client = world.accounts[sharer]
        client.satisfaction = max(0.0, client.satisfaction - 0.15)
        client.ambassador = False
    world.log.add(world.env.now, "shared_contact_mistreated", rep.id, account.id, sharer=sharer,
                  via_kind=account.introduced_via)


def _news_reaction(world: World, rep: Rep, account: Account, base: dict) -> str:
    now = world.env.now
    for item in world.news.get(account.id, []):
        if item.open_until > now and not item.reacted:
            item.reacted = True
            account.touch()
            account.trust = min(1.0, account.trust + 0.1)
            if account.frozen_until > now:
                account.frozen_until = now + (account.frozen_until - now) / 2
            world.log.add(now, "news_reacted", rep.id, account.id, event=item.event, hours_after=round(now - item.t, 3))
    world.log.add(now, "action", rep.id, account.id, **base, result="reacted")
    world.add_signal(rep.id, account, "news_reaction")
    return "reacted"


def weekly_motivation(world: World, rep: Rep) -> None:
    """Overload wears motivation down; a quiet week lets it recover towards its start."""
    used = rep.hours_used_week / rep.hours_per_week if rep.hours_per_week else 0.0
    rep.busy_weeks = rep.busy_weeks + 1 if used > 0.95 else 0
    if rep.busy_weeks >= 3:
        rep.adjust_motivation(-0.02)
        world.log.add(world.env.now, "motivation", rep.id, motivation=round(rep.motivation, 3), cause="overload")

