"""The commented starter scenario that `dealcraft new NAME` writes.

Every section appears with its most useful keys and a comment saying what it means,
so a trainer can author by editing rather than by reading the reference first.
A test keeps it valid.
"""

from __future__ import annotations

STARTER = '''# {title} — a Dealcraft scenario.
# Check it with:  dealcraft validate {filename}
# Format reference: docs/scenarios.md  ·  JSON Schema for editors: dealcraft schema
schema = 1

[meta]
title = "{title}"
description = "One or two sentences shown in the scenario list."
briefing = """
What the trainee reads before the quarter starts: the company, the market,
the team, what is at stake this quarter and what good looks like.
"""
language = "en"
difficulty = "medium"     # introductory, easy, medium, hard or expert
currency = "EUR"

[calendar]
weeks = 13                # a quarter
days_per_week = 5
hours_per_day = 8

[targets]
team_revenue = 300000     # 0 means: the sum of the reps' quotas
margin_rate = 0.35        # 0-1
cost_per_hour = 60        # cost of one rep hour, for the net result
lead_response_hours = 1   # first contact expected within this time of an inbound lead

[team.manager]
name = "Claire Martin"
hours_per_week = 10       # time the manager can give: accompanied meetings, bad cop
bad_cop = 0.6             # 0-1: how well the manager plays the bad cop

[[team.reps]]
id = "you"
name = "You"
profile = "hunter"        # hunter (new accounts) or farmer (grows clients)
skills = {{ technical = 0.5, behavioural = 0.6 }}
aptitude = 0.6            # 0-1
motivation = 0.8          # 0-1; moves with wins, losses and overload
hours_per_week = 40
quota = 150000
contacts = [ {{ account = "northwind", person = "northwind-cfo", strength = 3 }} ]

[[team.reps]]
id = "sam"
name = "Sam Okafor"
profile = "farmer"
quota = 150000
strategy = "phase-aware"  # how the computer plays this rep

[[catalog.services]]
id = "core"
name = "Core platform"
price = 40000             # per year of contract
margin = 0.45             # gross margin rate at list price, 0-1

[[catalog.services]]
id = "support"
name = "Premium support"
price = 8000
margin = 0.6
kind = "addon"            # add-ons are cross-sold to clients

[[accounts.listed]]
id = "northwind"
name = "Northwind Logistics"
sector = "logistics"
size = "mid"              # smb, mid or enterprise
potential = 60000         # yearly value if won with every fitting service
phase = 2                 # hidden starting phase: 1 latent ... 5 budget allocated
owner = "you"
people = [
  {{ id = "northwind-cfo", name = "Ines Duval", role = "decider", title = "CFO" }},
  {{ id = "northwind-ops", name = "Marc Petit", role = "user", title = "Head of operations" }},
]

[accounts.generated]      # more accounts drawn at random, the same ones for the same seed
count = 20
seed = 1
sectors = {{ logistics = 2, retail = 1, manufacturing = 1 }}
sizes = {{ smb = 0.6, mid = 0.3, enterprise = 0.1 }}
potential = {{ kind = "lognormal", median = 40000, sigma = 0.5 }}

[[campaigns]]
id = "webinar"
name = "Spring webinar"
start_week = 2
end_week = 6
leads_per_week = 3        # average inbound leads per week
quality = {{ hot = 0.2, warm = 0.4, cold = 0.4 }}
decider_share = 0.4       # share of leads submitted by someone who decides

[[events]]
id = "price-cut"
week = 7
kind = "competitor_price_cut"
headline = "A competitor cuts its prices by 15% in logistics."
sector = "logistics"
effect = "freeze"
duration_weeks = 2

[negotiation]
max_rounds = 8
hours_per_round = 16      # calendar time between two rounds
max_discount = 0.2        # largest discount without the manager
buyer_tactic = "mixed"    # boulware, linear, conceder, tit_for_tat or mixed

[scoring.weights]         # weight of each criterion in the overall grade
revenue = 3
margin = 2
net_result = 2
'''


def _one_line(text: str, limit: int) -> str:
    """Printable text on one line, safe inside a TOML basic string and a comment."""
    text = "".join(ch if ch.isprintable() else " " for ch in text).replace("\\", " ").replace('"', "'")
    return " ".join(text.split())[:limit].strip()


def starter_text(title: str, filename: str) -> str:
    return STARTER.format(title=_one_line(title, 120) or "New scenario", filename=_one_line(filename, 200))
