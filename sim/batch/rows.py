"""One flat row per run: who played what on which seed, and every team and seat metric.

The columns are declared here rather than discovered from a result, so that every part file
of a batch has the same schema — even a part whose runs all failed (sim.batch.columns gives
their types). tests/test_batch.py checks that they still cover what `sim.metrics` computes.
Plain Python only: a worker process imports this, and should start fast.
"""

from __future__ import annotations

from sim.scores import CRITERIA

COUNTS = {"won", "lost", "no_decision", "leads", "actions", "misfit_actions", "negotiations",
          "unconditional_concessions", "leads_qualified"}
"""Metrics that are whole numbers (integer columns); every other metric is a float."""

TEAM_METRICS = ("revenue", "margin", "margin_rate", "quota", "quota_attainment", "won", "lost", "no_decision",
                "conversion", "hours", "leads")
"""Every scalar of `metrics.compute(...)["team"]`; its pipeline becomes team_pipeline_phase_1..5."""

SEAT_METRICS = ("revenue", "new_business", "cross_sell", "margin", "margin_rate", "quota", "quota_attainment",
                "won", "lost", "no_decision", "conversion", "cycle_days_mean", "cycle_days_median", "mean_discount",
                "hours", "actions", "misfit_actions", "leads", "leads_qualified", "lead_response_hours_median",
                "renewed_acv", "churned_acv", "negotiations", "negotiation_value_left_mean",
                "negotiation_share_claimed_mean", "give_take_balance_mean", "unconditional_concessions")
"""The trainee seat's scalars from `metrics.compute(...)["reps"][trainee]`, plus its grades below."""

HEADLINE = ("revenue", "quota_attainment", "margin_rate", "won", "lost", "no_decision", "conversion")
"""The metrics the summary and the charts report, as team_* (seat 'all') or seat_* (seat 'trainee')."""

def param_column(key: str) -> str:
    return f"param_{key}"


def param_kind(values: tuple[str, ...]) -> type:
    """int when every swept value is an integer, else float when every one is a number, else str."""
    for kind in (int, float):
        try:
            for value in values:
                kind(value)
        except ValueError:
            continue
        return kind
    return str


def seat_grades() -> list[str]:
    return [f"seat_grade_{c}" for c in CRITERIA]


def headline_columns(seat: str) -> list[str]:
    """The summary's metric columns: the team's when the strategy plays every seat, the trainee's
    (with its overall grade against the team) when it plays only that seat."""
    if seat == "trainee":
        return [f"seat_{m}" for m in HEADLINE] + ["seat_overall", "team_revenue", "team_quota_attainment"]
    return [f"team_{m}" for m in HEADLINE]


def metric_values(overall: dict, trainee: str) -> dict:
    """The metric columns of a row from a run's `RunResult.overall`."""
    team, seat = overall["team"], overall["reps"][trainee]
    score = overall["scores"][trainee]
    row = {f"team_{m}": team.get(m) for m in TEAM_METRICS}
    row.update({f"team_pipeline_phase_{i + 1}": n for i, n in enumerate(team.get("pipeline_by_phase", ()))})
    grades = [s["overall"] for s in overall["scores"].values() if s.get("overall") is not None]
    row["team_overall_mean"] = sum(grades) / len(grades) if grades else None
    row.update({f"seat_{m}": seat.get(m) for m in SEAT_METRICS})
    row["seat_overall"] = score.get("overall")
    row.update({f"seat_grade_{c}": v.get("grade") for c, v in score.get("criteria", {}).items() if c in CRITERIA})
    return row
