"""The scenario file format (`schema = 1`) as pydantic models.

Every field carries a description, a unit where it has one and its range, so that
`dealcraft schema` gives editors auto-completion and docs/scenarios.md is generated
from the same source. Unknown keys are errors: a typo must never pass silently.
Cross-references (ids that must exist, ids that must be unique) are checked in
`references.py`, on the raw data, so that one pass reports every problem.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sim.effects import ACTIONS, CHANNELS, PHASES

SCHEMA_VERSION = 1

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$",
        description="Identifier: lower-case letters, digits, '-' or '_', at most 48 characters.",
    ),
]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Money = Annotated[float, Field(ge=0.0)]
Phase = Annotated[int, Field(ge=1, le=5)]
Strength = Annotated[int, Field(ge=1, le=5, description="Relationship strength, 1 (met once) to 5 (close friend).")]


class Model(BaseModel):
    """Base for every section: unknown keys are errors, loaded scenarios are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# ---------------------------------------------------------------- distributions


class Fixed(Model):
    kind: Literal["fixed"] = Field(description="Always the same value.")
    value: float = Field(description="The value.")


class Uniform(Model):
    kind: Literal["uniform"] = Field(description="Any value between low and high, equally likely.")
    low: float = Field(description="Smallest value.")
    high: float = Field(description="Largest value.")

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.high < self.low:
            raise ValueError(f"high ({self.high}) must not be below low ({self.low})")
        return self


class Normal(Model):
    kind: Literal["normal"] = Field(description="Bell curve, clipped to [min, max] when given.")
    mean: float = Field(description="Average value.")
    sd: float = Field(ge=0.0, description="Standard deviation.")
    min: float | None = Field(default=None, description="Values below are raised to this.")
    max: float | None = Field(default=None, description="Values above are lowered to this.")


class LogNormal(Model):
    kind: Literal["lognormal"] = Field(description="Skewed: most values near the median, a few large ones.")
    median: float = Field(gt=0.0, description="Half the values fall below this.")
    sigma: float = Field(ge=0.0, le=3.0, description="Spread on the log scale (0.5 is moderate, 1 is wide).")


Distribution = Annotated[Fixed | Uniform | Normal | LogNormal, Field(discriminator="kind")]


# ---------------------------------------------------------------- meta and calendar


class Meta(Model):
    title: str = Field(min_length=1, max_length=120, description="Title shown in the scenario list.")
    description: str = Field(min_length=1, max_length=400, description="One or two sentences for the list.")
    briefing: str = Field(
        default="", max_length=8000,
        description="What the trainee reads before the quarter: the story, the market, what is at stake.",
    )
    language: str = Field(default="en", pattern=r"^[a-z]{2}(-[A-Z]{2})?$", description="Language tag, e.g. 'en' or 'fr'.")
    difficulty: Literal["introductory", "easy", "medium", "hard", "expert"] = Field(
        default="medium", description="Difficulty as the author intends it; `dealcraft calibrate` measures it."
    )
    author: str = Field(default="", max_length=120, description="Who wrote the scenario.")
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$", description="ISO currency code for every amount.")
    guided: bool = Field(default=False, description="Show the guided first week (onboarding scenarios).")
    tags: list[str] = Field(default_factory=list, description="Free keywords for trainers.")


class Calendar(Model):
    weeks: int = Field(default=13, ge=1, le=52, description="Weeks in a quarter.", json_schema_extra={"unit": "weeks"})
    days_per_week: int = Field(default=5, ge=1, le=7, description="Working days per week.", json_schema_extra={"unit": "days"})
    hours_per_day: float = Field(default=8.0, ge=0.25, le=16, description="Working hours per day (any length: 7.3 is fine).", json_schema_extra={"unit": "hours"})
    quarters: int = Field(default=1, ge=1, le=20, description="Quarters played in a row, state carried over.", json_schema_extra={"unit": "quarters"})
    start: str = Field(default="", pattern=r"^(\d{4}-\d{2}-\d{2})?$", description="Calendar date of day 1 (YYYY-MM-DD), for display only.")


# ---------------------------------------------------------------- team


class Skills(Model):
    technical: Fraction = Field(default=0.5, description="Product and technical knowledge, 0-1.")
    behavioural: Fraction = Field(default=0.5, description="Listening, questioning, persuasion, 0-1.")


class Contact(Model):
    account: Id = Field(description="Account id of the person in the rep's address book.")
    person: Id = Field(description="Person id within that account.")
    strength: Strength


class Rep(Model):
    id: Id
    name: str = Field(min_length=1, max_length=80, description="Display name.")
    profile: Literal["hunter", "farmer"] = Field(default="hunter", description="Hunters win new accounts; farmers grow clients.")
    skills: Skills = Field(default_factory=Skills, description="Technical and behavioural skills.")
    aptitude: Fraction = Field(default=0.5, description="Natural aptitude for selling, 0-1.")
    motivation: Fraction = Field(default=0.7, description="Starting motivation, 0-1; moves with wins, losses and overload.")
    hours_per_week: float = Field(default=40.0, gt=0, le=80, description="Hours the rep can spend on actions each week.", json_schema_extra={"unit": "hours"})
    quota: Money = Field(default=0.0, description="Revenue quota for the quarter (0: the team quota split evenly).", json_schema_extra={"unit": "currency"})
    margin_target: Fraction = Field(default=0.0, description="Target margin rate, 0-1 (0: the team target).")
    strategy: str = Field(default="phase-aware", max_length=200, description="Built-in strategy when an AI plays this rep, `name:key=value,...`.")
    contacts: list[Contact] = Field(default_factory=list, description="The rep's network: people they know and how well.")


class Manager(Model):
    name: str = Field(default="The manager", min_length=1, max_length=80, description="Display name.")
    hours_per_week: float = Field(default=12.0, ge=0, le=60, description="Hours the manager can give reps each week (meetings, bad cop).", json_schema_extra={"unit": "hours"})
    bad_cop: Fraction = Field(default=0.5, description="How well the manager plays the bad cop in a negotiation, 0-1.")
    team_meeting: bool = Field(default=True, description="Hold a weekly team meeting that arbitrates scarce capacity.")


class Team(Model):
    manager: Manager = Field(default_factory=Manager, description="The sales manager, a shared resource.")
    reps: list[Rep] = Field(min_length=1, max_length=50, description="The reps; the trainee plays the first unless the game says otherwise.")


# ---------------------------------------------------------------- catalog and capacity


class Service(Model):
    id: Id
    name: str = Field(min_length=1, max_length=80, description="Display name.")
    price: Money = Field(description="List price per year of contract.", json_schema_extra={"unit": "currency/year"})
    margin: Fraction = Field(description="Gross margin rate at list price, 0-1.")
    capacity_use: float = Field(default=0.0, ge=0, description="Units of scarce capacity one sale consumes.", json_schema_extra={"unit": "capacity units"})
    kind: Literal["core", "addon"] = Field(default="core", description="Core services open a deal; add-ons are cross-sold to clients.")


class Capacity(Model):
    name: str = Field(min_length=1, max_length=80, description="What is scarce, e.g. 'floor space'.")
    unit: str = Field(default="units", max_length=20, description="Unit of measure, e.g. 'racks'.")
    total: float = Field(gt=0, description="Capacity available at the start of the quarter, in `unit`.", json_schema_extra={"unit": "capacity units"})
    added_per_week: float = Field(default=0.0, ge=0, description="Capacity freed or built each week, in `unit`.", json_schema_extra={"unit": "capacity units/week"})
    arbitration: Literal["team_meeting", "first_come"] = Field(default="team_meeting", description="Who gets capacity when requests exceed it.")


class Catalog(Model):
    services: list[Service] = Field(min_length=1, description="Services the team sells.")


# ---------------------------------------------------------------- accounts


class Person(Model):
    id: Id
    name: str = Field(min_length=1, max_length=80, description="Display name.")
    role: Literal["decider", "influencer", "user", "gatekeeper"] = Field(description="Role in the buying group.")
    title: str = Field(default="", max_length=80, description="Job title, for flavour.")


class NetworkLink(Model):
    account: Id = Field(description="Another account this one can introduce you to.")
    strength: Strength


Size = Literal["smb", "mid", "enterprise"]


class Account(Model):
    id: Id
    name: str = Field(min_length=1, max_length=80, description="Display name.")
    sector: str = Field(min_length=1, max_length=40, description="Business sector.")
    size: Size = Field(description="smb, mid or enterprise; sets the buying group and cycle length.")
    potential: Money = Field(description="Yearly value if won with every fitting service.", json_schema_extra={"unit": "currency/year"})
    services: list[Id] = Field(default_factory=list, description="Service ids the account may buy (empty: every core service).")
    phase: Phase = Field(default=1, description="Hidden starting phase, 1 (latent) to 5 (internal initiatives).")
    status: Literal["prospect", "client"] = Field(default="prospect", description="A client already buys from you.")
    owner: Id | None = Field(default=None, description="Rep id that owns the account (none: open territory).")
    trust: Fraction = Field(default=0.2, description="Starting trust in your company, 0-1.")
    competitor_pressure: Fraction = Field(default=0.3, description="How actively competitors court it, 0-1.")
    people: list[Person] = Field(default_factory=list, description="The buying group (empty: generated from the size).")
    network: list[NetworkLink] = Field(default_factory=list, description="Accounts it can refer you to, once it trusts you.")
    notes: str = Field(default="", max_length=1000, description="What the CRM already says about it.")


class Generated(Model):
    count: int = Field(ge=1, le=5000, description="How many accounts to generate.", json_schema_extra={"unit": "accounts"})
    seed: int = Field(default=0, ge=0, description="Seed of the generator, so the same accounts come out every time.")
    sectors: dict[str, Annotated[float, Field(gt=0)]] = Field(
        default_factory=lambda: {"services": 1.0}, description="Sector names with relative weights."
    )
    sizes: dict[Size, Annotated[float, Field(ge=0)]] = Field(
        default_factory=lambda: {"smb": 0.5, "mid": 0.35, "enterprise": 0.15}, description="Size mix, relative weights."
    )
    potential: Distribution = Field(
        default_factory=lambda: LogNormal(kind="lognormal", median=50000, sigma=0.6),
        description="Yearly value distribution.", json_schema_extra={"unit": "currency/year"},
    )
    phases: list[Annotated[float, Field(ge=0)]] = Field(
        default_factory=lambda: [0.5, 0.3, 0.15, 0.05, 0.0], min_length=5, max_length=5,
        description="Relative weights of the hidden starting phase 1-5.",
    )
    client_share: Fraction = Field(default=0.0, description="Share of accounts that are already clients.")
    competitor_pressure: Distribution = Field(
        default_factory=lambda: Uniform(kind="uniform", low=0.1, high=0.6), description="Competitor pressure, clipped to 0-1."
    )
    owners: Literal["round_robin", "open"] = Field(default="round_robin", description="Deal accounts to reps in turn, or leave them open.")

    @field_validator("phases")
    @classmethod
    def _some_phase(cls, v: list[float]) -> list[float]:
        if sum(v) <= 0:
            raise ValueError("at least one phase weight must be positive")
        return v

    @field_validator("sizes")
    @classmethod
    def _some_size(cls, v: dict[str, float]) -> dict[str, float]:
        if v and sum(v.values()) <= 0:
            raise ValueError("at least one size weight must be positive")
        return v


class Accounts(Model):
    listed: list[Account] = Field(default_factory=list, description="Accounts written out one by one.")
    generated: Generated | None = Field(default=None, description="More accounts drawn from distributions.")

    @model_validator(mode="after")
    def _not_empty(self) -> Accounts:
        if not self.listed and self.generated is None:
            raise ValueError("list at least one account or add [accounts.generated]")
        return self


# ---------------------------------------------------------------- leads and events


class Campaign(Model):
    id: Id
    name: str = Field(min_length=1, max_length=80, description="Display name.")
    start_week: int = Field(default=1, ge=1, description="First week of the campaign, counted from the start of play.", json_schema_extra={"unit": "week"})
    end_week: int | None = Field(default=None, ge=1, description="Last week of the campaign, inclusive (none: the last week played).", json_schema_extra={"unit": "week"})
    leads_per_week: float = Field(gt=0, le=200, description="Average inbound leads per week (Poisson arrivals).", json_schema_extra={"unit": "leads/week"})
    quality: dict[Literal["hot", "warm", "cold"], Annotated[float, Field(ge=0)]] = Field(
        default_factory=lambda: {"hot": 0.2, "warm": 0.4, "cold": 0.4}, description="True quality mix, relative weights."
    )
    announced_quality: dict[Literal["hot", "warm", "cold"], Annotated[float, Field(ge=0)]] | None = Field(
        default=None, description="Quality mix marketing announces (none: the true mix); oversold when hotter."
    )
    decider_share: Fraction = Field(default=0.4, description="Share of leads submitted by a decider.")
    sectors: dict[str, Annotated[float, Field(gt=0)]] = Field(default_factory=dict, description="Sector weights of the leads (empty: as the generated accounts).")
    sizes: dict[Size, Annotated[float, Field(ge=0)]] = Field(default_factory=lambda: {"smb": 0.6, "mid": 0.3, "enterprise": 0.1}, description="Size mix of the leads.")
    potential: Distribution = Field(default_factory=lambda: LogNormal(kind="lognormal", median=30000, sigma=0.6), description="Yearly value of a lead's project.", json_schema_extra={"unit": "currency/year"})
    services: list[Id] = Field(default_factory=list, description="Services the leads ask about (empty: every core service).")

    @model_validator(mode="after")
    def _weeks(self) -> Campaign:
        if sum(self.quality.values()) <= 0:
            raise ValueError("at least one quality weight must be positive")
        if self.announced_quality is not None and sum(self.announced_quality.values()) <= 0:
            raise ValueError("at least one announced quality weight must be positive")
        if self.end_week is not None and self.end_week < self.start_week:
            raise ValueError(f"end_week ({self.end_week}) must not be before start_week ({self.start_week})")
        return self


class Event(Model):
    id: Id
    week: int = Field(ge=1, description="Week the news breaks, counted from the start of play.", json_schema_extra={"unit": "week"})
    day: int = Field(default=1, ge=1, le=7, description="Working day of that week (1 = Monday).", json_schema_extra={"unit": "day"})
    kind: Literal["merger", "budget_freeze", "competitor_price_cut", "shareholder_change", "reorganisation", "expansion", "referral"] = Field(
        description="What happens."
    )
    headline: str = Field(min_length=1, max_length=200, description="The news as the reps read it.")
    accounts: list[Id] = Field(default_factory=list, description="Accounts it touches (empty: use `sector`).")
    sector: str = Field(default="", max_length=40, description="Sector it touches when no accounts are listed.")
    effect: Literal["freeze", "reset", "boost", "none"] = Field(default="freeze", description="What it does to projects: freeze them, reset them to phase 1, move them up, or nothing by itself.")
    duration_weeks: int = Field(default=2, ge=0, le=52, description="How long a freeze lasts.", json_schema_extra={"unit": "weeks"})
    reaction_hours: float = Field(default=8.0, gt=0, description="A rep who reacts within this time earns trust.", json_schema_extra={"unit": "hours"})


# ---------------------------------------------------------------- negotiation


REP_EFFECTS = ("discount", "payment_days", "price_protection", "cost")
BUYER_EFFECTS = ("contract_months", "volume", "reference", "sign_this_quarter", "upsell")
ISSUE_EFFECTS = ("auto", *REP_EFFECTS, *BUYER_EFFECTS, "none")
AUTO_EFFECTS = {
    "discount": "discount", "payment_terms": "payment_days", "extra_services": "cost",
    "price_protection": "price_protection", "contract_length": "contract_months", "term": "contract_months",
    "volume": "volume", "reference": "reference", "sign_this_quarter": "sign_this_quarter",
}
"""Effects of issues named like the built-in ones, so that `effect` can be left out."""


class NegotiationIssue(Model):
    id: Id
    name: str = Field(min_length=1, max_length=80, description="Display name.")
    side: Literal["rep", "buyer"] = Field(description="rep: a concession the rep can make; buyer: a commitment the buyer can make.")
    low: float = Field(default=0.0, description="Smallest value on the table.")
    high: float = Field(default=1.0, description="Largest value on the table.")
    unit: str = Field(default="", max_length=20, description="Unit shown to the trainee, e.g. '%' or 'months'.")
    steps: int = Field(default=5, ge=2, le=20, description="How many values between low and high can be proposed.")
    effect: Literal[ISSUE_EFFECTS] = Field(  # type: ignore[valid-type]
        default="auto",
        description="What the agreed value does to the deal. Rep side: discount (off the price; with unit '%' the "
        "values are percentages), payment_days, price_protection (months), cost (unit_cost per unit). Buyer side: "
        "contract_months, volume (a multiplier; with unit '%' a percentage added), reference, sign_this_quarter "
        "(yes/no), upsell (unit_value per unit). 'none': it only counts in both sides' utilities. 'auto': taken "
        "from the id when it is a built-in one (discount, payment_terms, extra_services, price_protection, "
        "contract_length or term, volume, reference, sign_this_quarter), else 'none'.",
    )
    unit_cost: Money = Field(default=0.0, description="For effect 'cost': what one unit costs to deliver, per contract year.", json_schema_extra={"unit": "currency/year"})
    unit_value: Money = Field(default=0.0, description="For effect 'upsell': what one unit adds to the yearly contract value.", json_schema_extra={"unit": "currency/year"})

    @model_validator(mode="after")
    def _ordered(self) -> NegotiationIssue:
        if self.high <= self.low:
            raise ValueError(f"high ({self.high}) must be above low ({self.low})")
        effect = self.resolved_effect
        if effect in REP_EFFECTS and self.side != "rep" or effect in BUYER_EFFECTS and self.side != "buyer":
            raise ValueError(f"effect '{effect}' belongs on the {'rep' if effect in REP_EFFECTS else 'buyer'} side")
        if effect == "discount" and self.high > (90 if self.unit == "%" else 0.9):
            raise ValueError("a discount above 90% is not a deal" + ("" if self.unit == "%" else " (write unit = \"%\" to give percentages)"))
        if self.low < 0 and effect != "none":
            raise ValueError("low must not be negative")
        return self

    @property
    def resolved_effect(self) -> str:
        return AUTO_EFFECTS.get(self.id, "none") if self.effect == "auto" else self.effect


class Negotiation(Model):
    max_rounds: int = Field(default=8, ge=1, le=50, description="Rounds before the buyer's deadline.", json_schema_extra={"unit": "rounds"})
    hours_per_round: float = Field(default=16.0, gt=0, le=200, description="Time between two rounds, in working hours (16 = two working days).", json_schema_extra={"unit": "working hours"})
    max_discount: Fraction = Field(default=0.25, description="Largest discount the rep may grant without the manager.")
    buyer_tactic: Literal["boulware", "linear", "conceder", "tit_for_tat", "mixed"] = Field(default="mixed", description="Buyers' tactic; mixed draws one per account.")
    buyer_beta: Uniform = Field(
        default_factory=lambda: Uniform(kind="uniform", low=0.3, high=3.0),
        description="Range of the time-dependent concession exponent (below 1 Boulware, above 1 Conceder).",
    )
    competitor_offer: Fraction = Field(default=0.5, description="Typical strength of the buyer's competing offer (its BATNA), 0-1.")
    issues: list[NegotiationIssue] = Field(default_factory=list, description="Issues on the table (empty: the built-in set).")

    @model_validator(mode="after")
    def _positive_beta(self) -> Negotiation:
        if self.buyer_beta.low <= 0:
            raise ValueError("buyer_beta.low must be above 0 (the concession exponent is positive)")
        return self


# ---------------------------------------------------------------- targets and scoring


class Targets(Model):
    team_revenue: Money = Field(default=0.0, description="Team revenue target for the quarter (0: the sum of rep quotas).", json_schema_extra={"unit": "currency"})
    margin_rate: Fraction = Field(default=0.3, description="Target margin rate, 0-1.")
    cost_per_hour: Money = Field(default=60.0, description="Cost of one rep hour, for the net result.", json_schema_extra={"unit": "currency/hour"})
    lead_response_hours: float = Field(default=1.0, gt=0, description="First contact expected within this time of an inbound lead.", json_schema_extra={"unit": "hours"})


class Weights(Model):
    """Relative weight of each criterion in the overall grade (0 leaves it out)."""

    revenue: float = Field(default=3.0, ge=0, description="Revenue against quota.")
    margin: float = Field(default=2.0, ge=0, description="Margin rate against target.")
    cycle_time: float = Field(default=1.0, ge=0, description="Time from first contact to signature.")
    conversion: float = Field(default=1.0, ge=0, description="Won deals over opportunities.")
    breadth: float = Field(default=1.0, ge=0, description="Breadth of services sold.")
    net_result: float = Field(default=2.0, ge=0, description="Margin minus the cost of time and concessions.")
    loyalty: float = Field(default=1.0, ge=0, description="Client growth, retention, services deployed.")
    lead_response: float = Field(default=1.0, ge=0, description="Speed of first contact with inbound leads.")
    cadence: float = Field(default=1.0, ge=0, description="Contact cadence kept per phase.")
    action_fit: float = Field(default=1.0, ge=0, description="Right action for the phase.")
    phase_accuracy: float = Field(default=1.0, ge=0, description="Phases recorded against the true ones.")
    give_take: float = Field(default=1.0, ge=0, description="Concessions matched by commitments.")
    negotiation_efficiency: float = Field(default=1.0, ge=0, description="Distance of deals to the Pareto frontier.")
    forecast: float = Field(default=1.0, ge=0, description="Brier score of stated close probabilities.")

    @model_validator(mode="after")
    def _some_weight(self) -> Weights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one weight must be positive")
        return self


class Scoring(Model):
    weights: Weights = Field(default_factory=Weights, description="Weights of the criteria in the overall grade.")


# ---------------------------------------------------------------- effect overrides


class ActionOverride(Model):
    hours: float | None = Field(default=None, gt=0, le=40, description="Working hours the action takes from the rep's week.", json_schema_extra={"unit": "working hours"})
    channel: Literal[CHANNELS] | None = Field(default=None, description="How the action reaches the account; first requests succeed far more often face to face.")  # type: ignore[valid-type]
    fits: list[Phase] | None = Field(default=None, description="Phases where it is the right action.")
    advance: list[Fraction] | None = Field(default=None, min_length=5, max_length=5, description="Chance to move the account up, per phase 1-5.")
    info: Fraction | None = Field(default=None, description="Information gained when it fits.")
    trust: Annotated[float, Field(ge=-1, le=1)] | None = Field(default=None, description="Trust change when it fits.")
    annoyance: Fraction | None = Field(default=None, description="Annoyance added when it does not fit.")


class PhaseOverride(Model):
    cadence_hours: float | None = Field(default=None, gt=0, description="Expected working hours between contacts; neglect beyond it cools the account.", json_schema_extra={"unit": "working hours"})
    cooling_per_week: Fraction | None = Field(default=None, description="Trust lost per week of neglect beyond the cadence.", json_schema_extra={"unit": "trust/week"})
    competitor_risk_per_week: Fraction | None = Field(default=None, description="Chance per neglected week that a competitor takes the account (phase 3 and up).", json_schema_extra={"unit": "chance/week"})
    stall_per_week: Fraction | None = Field(default=None, description="Chance per week that the project stalls into no decision.", json_schema_extra={"unit": "chance/week"})
    signal_noise: Fraction | None = Field(default=None, description="Chance that a signal points to a neighbouring phase (prospects are fickle).")


class Effects(Model):
    actions: dict[Literal[tuple(ACTIONS)], ActionOverride] = Field(default_factory=dict, description=f"Overrides per action: {', '.join(ACTIONS)}.")  # type: ignore[valid-type]
    phases: dict[Literal[PHASES], PhaseOverride] = Field(default_factory=dict, description=f"Overrides per phase: {', '.join(PHASES)}.")  # type: ignore[valid-type]


# ---------------------------------------------------------------- the whole file


class Scenario(Model):
    """A Dealcraft scenario: everything a quarter needs, and nothing executable."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Dealcraft scenario")

    schema_: Literal[1] = Field(alias="schema", description="Format version; must be 1.")
    meta: Meta = Field(description="Title, briefing, language, difficulty.")
    calendar: Calendar = Field(default_factory=Calendar, description="Length of the quarter and the working week.")
    team: Team = Field(description="The reps and their manager.")
    catalog: Catalog = Field(description="What the team sells.")
    capacity: Capacity | None = Field(default=None, description="Scarce delivery capacity, if any.")
    accounts: Accounts = Field(description="The territory.")
    campaigns: list[Campaign] = Field(default_factory=list, description="Inbound lead campaigns.")
    events: list[Event] = Field(default_factory=list, description="News that touches accounts.")
    negotiation: Negotiation = Field(default_factory=Negotiation, description="How deals are negotiated.")
    targets: Targets = Field(default_factory=Targets, description="Targets for the team.")
    scoring: Scoring = Field(default_factory=Scoring, description="How the overall grade weighs the criteria.")
    effects: Effects = Field(default_factory=Effects, description="Overrides of the model's default effect tables.")


def json_schema() -> dict:
    """JSON Schema of the file format, for editors (by alias, so `schema` not `schema_`)."""
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://dealcraft.invalid/schema/scenario-1.json"
    return schema
