"""The market around the reps: projects that mature, cool, stall or go to a competitor,
and news that freezes or resets projects and rewards the rep who reacts fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.world import World

NATURAL_DRIFT = 0.03
"""Chance per week that an untouched project matures one phase on its own (up to phase 3)."""
ANNOYANCE_DECAY = 0.05


@dataclass
class NewsItem:
    event: str
    headline: str
    t: float
    open_until: float
    reacted: bool = False


def weekly(world: World) -> None:
    """Neglect beyond the cadence cools an account and, from phase 3, lets a competitor take it."""
    from sim.closing import close_lost

    now = world.env.now
    week = world.clock.week_hours
    for account in list(world.accounts.values()):
        if account.status != "prospect":
            continue
        spec = world.tables.phase(account.phase)
        rng = account.rng
        account.annoyance = max(0.0, account.annoyance - ANNOYANCE_DECAY)
        frozen = account.frozen_until > now
        if not account.engaged:
            if not frozen and account.phase < 3 and rng.random() < NATURAL_DRIFT:
                account.phase += 1
                world.log.add(now, "phase_changed", None, account.id, phase=account.phase, cause="market", hidden=True)
            elif account.phase >= 3 and rng.random() < spec.competitor_risk_per_week * account.competitor_pressure:
                close_lost(world, account, "lost", "a competitor signed it before we ever spoke")
            continue
        gap = now - (account.last_contact if account.last_contact is not None else account.created_at)
        if gap > spec.cadence_hours:
            overdue_weeks = (gap - spec.cadence_hours) / week
            account.trust = max(0.0, account.trust - spec.cooling_per_week * min(2.0, 0.5 + overdue_weeks))
            world.log.add(now, "account_cooled", account.owner, account.id, gap_hours=round(gap, 3),
                          cadence_hours=spec.cadence_hours, trust=round(account.trust, 3), hidden=True)
            risk = spec.competitor_risk_per_week * (0.5 + account.competitor_pressure) * min(3.0, gap / spec.cadence_hours)
            if account.phase >= 3 and rng.random() < risk:
                close_lost(world, account, "lost", "a competitor took it while we were away")
                continue
        if not frozen and account.phase >= 2 and rng.random() < spec.stall_per_week:
            close_lost(world, account, "no_decision", "the project stalled")


def news_process(world: World):
    for event in sorted(world.scenario.events, key=lambda e: (e.week, e.day, e.id)):
        t = world.clock.week_start(event.week) + (event.day - 1) * world.clock.hours_per_day + 1.0
        if t >= world.horizon:
            return
        if t > world.env.now:
            yield world.env.timeout(t - world.env.now)
        apply_news(world, event)


def apply_news(world: World, event) -> None:
    now = world.env.now
    if event.accounts:
        touched = [world.accounts[a] for a in event.accounts if a in world.accounts]
    else:
        touched = [a for a in world.accounts.values() if event.sector and a.sector == event.sector]
    touched = [a for a in touched if a.status in ("prospect", "negotiating", "client")]
    owners = set()
    for account in touched:
        world.news.setdefault(account.id, []).append(
            NewsItem(event.id, event.headline, now, now + event.reaction_hours))
        account.touch()
        if account.status == "prospect":
            if event.effect == "freeze":
                account.frozen_until = max(account.frozen_until, now + event.duration_weeks * world.clock.week_hours)
            elif event.effect == "reset" and account.phase > 1:
                account.phase = 1
                world.log.add(now, "phase_changed", None, account.id, phase=1, cause=event.id, hidden=True)
            elif event.effect == "boost" and account.phase < 5:
                account.phase += 1
                world.log.add(now, "phase_changed", None, account.id, phase=account.phase, cause=event.id, hidden=True)
        if account.owner:
            owners.add(account.owner)
    world.log.add(now, "news", None, None, event=event.id, news_kind=event.kind, headline=event.headline,
                  effect=event.effect, accounts=[a.id for a in touched])
    world.decision_point(f"news:{event.id}")
    for owner in sorted(owners):
        world.poke(owner)
