"""Cross-reference checks: unique ids and references that point at something real.

Run on the raw TOML data, tolerating any malformed part (the schema reports those),
so that a trainer sees typos in ids in the same pass as type errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sim.scenario.toml_lines import Path

Found = tuple[Path, str]


def _items(data: Any, *keys: str) -> Iterator[tuple[Path, dict]]:
    """Yield (path, table) for each table of the list at data[keys...]; skip anything malformed."""
    node = data
    for key in keys:
        if not isinstance(node, dict):
            return
        node = node.get(key)
    if isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict):
                yield (*keys, i), item


def _ids(items: list[tuple[Path, dict]], what: str, problems: list[Found]) -> set[str]:
    seen: dict[str, Path] = {}
    for path, item in items:
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.append(((*path, "id"), f"duplicate {what} id '{ident}' (first used at {_fmt(seen[ident])})"))
        else:
            seen[ident] = path
    return set(seen)


def _fmt(path: Path) -> str:
    from sim.scenario.problems import format_path

    return format_path(path)


def _ref(value: Any, known: set[str], what: str, path: Path, problems: list[Found]) -> None:
    if isinstance(value, str) and value not in known:
        hint = ", ".join(sorted(known)[:8]) or "none defined"
        problems.append((path, f"no {what} with id '{value}' (known: {hint})"))


def _ref_list(data: dict, key: str, known: set[str], what: str, path: Path, problems: list[Found]) -> None:
    values = data.get(key)
    if isinstance(values, list):
        for i, value in enumerate(values):
            _ref(value, known, what, (*path, key, i), problems)


def check_references(data: Any) -> list[Found]:
    """Every duplicate id and dangling reference, as (field path, message)."""
    problems: list[Found] = []
    if not isinstance(data, dict):
        return problems
    reps = list(_items(data, "team", "reps"))
    services = list(_items(data, "catalog", "services"))
    accounts = list(_items(data, "accounts", "listed"))
    rep_ids = _ids(reps, "rep", problems)
    service_ids = _ids(services, "service", problems)
    account_ids = _ids(accounts, "account", problems)
    _ids(list(_items(data, "campaigns")), "campaign", problems)
    _ids(list(_items(data, "events")), "event", problems)
    _ids(list(_items(data, "negotiation", "issues")), "negotiation issue", problems)

    people: dict[str, set[str]] = {}
    for path, account in accounts:
        persons = [(p, item) for p, item in _items(account, "people")]
        people_ids = _ids([((*path, *p), item) for p, item in persons], "person", problems)
        if isinstance(account.get("id"), str):
            people.setdefault(account["id"], people_ids)
        _ref_list(account, "services", service_ids, "service", path, problems)
        _ref(account.get("owner"), rep_ids, "rep", (*path, "owner"), problems)
        for p, link in _items(account, "network"):
            _ref(link.get("account"), account_ids, "account", (*path, *p, "account"), problems)
            if link.get("account") == account.get("id"):
                problems.append(((*path, *p, "account"), "an account cannot refer you to itself"))

    for path, rep in reps:
        for p, contact in _items(rep, "contacts"):
            where = (*path, *p)
            account = contact.get("account")
            _ref(account, account_ids, "listed account", (*where, "account"), problems)
            if isinstance(account, str) and account in people:
                _ref(contact.get("person"), people[account], f"person in account '{account}'", (*where, "person"), problems)

    for path, campaign in _items(data, "campaigns"):
        _ref_list(campaign, "services", service_ids, "service", path, problems)
    for path, event in _items(data, "events"):
        _ref_list(event, "accounts", account_ids, "listed account", path, problems)

    services_need_capacity = [
        (path, s.get("id")) for path, s in services if isinstance(s.get("capacity_use"), (int, float)) and s["capacity_use"] > 0
    ]
    if services_need_capacity and not isinstance(data.get("capacity"), dict):
        path, ident = services_need_capacity[0]
        problems.append(((*path, "capacity_use"), f"service '{ident}' uses capacity but the scenario has no [capacity] section"))

    calendar = data.get("calendar") if isinstance(data.get("calendar"), dict) else {}
    weeks, quarters = calendar.get("weeks", 13), calendar.get("quarters", 1)
    # only against a calendar that is itself valid: a bad one is reported once, by the schema, not once per event
    if isinstance(weeks, int) and isinstance(quarters, int) and 1 <= weeks <= 52 and 1 <= quarters <= 20:
        last = weeks * quarters
        for path, item in [*_items(data, "campaigns"), *_items(data, "events")]:
            for key in ("week", "start_week", "end_week"):
                value = item.get(key)
                if isinstance(value, int) and not isinstance(value, bool) and value > last:
                    problems.append(((*path, key), f"week {value} is after the last week played ({last})"))
    return problems
