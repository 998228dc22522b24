"""How findings word durations, counts and lists of accounts, so every message reads the same way."""

from __future__ import annotations

from sim.debrief.account_book import AccountBook

PHASE_NAMES = ("latent need", "need recognised", "interest in a solution", "external initiatives",
               "internal initiatives")


def duration(h: float) -> str:
    if h < 1:
        return f"{max(1, round(h * 60))} min"
    return f"{h:.1f} h" if h < 10 else f"{h:.0f} h"


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def name_list(book: AccountBook, accounts: list[str], limit: int = 3) -> str:
    names = [book.name(a) for a in accounts]
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
