"""The summary's numbers on known data: t quantiles, intervals, paired differences, charts, verdicts."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sim.batch import calibration as cal
from sim.batch import estimate, paired, summarise, t975
from sim.batch.charts import draw


def test_t_quantiles_match_the_tables():
    assert t975(1) == pytest.approx(12.7062, abs=1e-4)
    assert t975(4) == pytest.approx(2.7764, abs=1e-4)
    assert t975(30) == pytest.approx(2.0423, abs=1e-4)
    assert t975(60) == pytest.approx(2.0003, abs=1e-4)
    assert t975(120) == pytest.approx(1.9799, abs=1e-4)
    assert t975(10**6) == pytest.approx(1.96, abs=1e-4)
    with pytest.raises(ValueError):
        t975(0)


def test_t_quantiles_match_scipy_where_it_is_installed():
    stats = pytest.importorskip("scipy.stats")
    for df in (*range(1, 200), 500, 1000, 10000):
        assert t975(df) == pytest.approx(stats.t.ppf(0.975, df), abs=1e-5)


def test_interval_of_a_known_sample():
    e = estimate([1, 2, 3, 4, 5])
    assert e.n == 5 and e.mean == 3
    assert e.std == pytest.approx(math.sqrt(2.5))
    half = 2.7764451 * math.sqrt(2.5) / math.sqrt(5)  # 1.9632
    assert (e.low, e.high) == (pytest.approx(3 - half), pytest.approx(3 + half))
    assert e.half_width == pytest.approx(1.9632, abs=1e-4)


def test_missing_values_are_left_out_and_tiny_samples_have_no_interval():
    assert estimate([None, float("nan"), 2.0, 4.0]).mean == 3.0
    one = estimate([7.0])
    assert (one.n, one.mean, one.low, one.high) == (1, 7.0, None, None)
    assert estimate([]).n == 0 and estimate([]).mean is None


def test_paired_difference_cancels_the_common_luck():
    base = [10.0, 20.0, 30.0, 40.0]
    better = [11.0, 21.5, 30.5, 41.0]  # always about 1 more, on very different levels
    d = paired(better, base)
    assert d.mean == pytest.approx(1.0)
    assert d.std == pytest.approx(estimate([1.0, 1.5, 0.5, 1.0]).std)
    assert d.low > 0  # clearly better, though the arms' own intervals overlap widely
    assert estimate(better).low < estimate(base).high
    assert paired([1.0, None, 3.0], [0.0, 5.0, float("nan")]).n == 1


def frame() -> pd.DataFrame:
    rows = []
    for replication, (a, b) in enumerate([(1.0, 2.0), (2.0, 2.5), (3.0, 4.5), (4.0, 5.0), (5.0, 6.0)]):
        rows.append({"replication": replication, "arm": 0, "strategy": "A", "x": a, "error": None})
        rows.append({"replication": replication, "arm": 1, "strategy": "B", "x": b, "error": None})
    rows.append({"replication": 5, "arm": 1, "strategy": "B", "x": 100.0, "error": None})  # no pair
    rows.append({"replication": 6, "arm": 0, "strategy": "A", "x": None, "error": "Boom: failed"})
    return pd.DataFrame(rows).sample(frac=1.0, random_state=3)  # order must not matter


def test_summary_pairs_by_replication():
    s = summarise(frame(), ["x"])
    assert s.baseline == 0 and s.failed == 1 and s.arms == [(0, "A"), (1, "B")]
    a, b = s.line("x", 0), s.line("x", 1)
    assert a.difference is None
    assert a.value.mean == 3.0 and a.value.n == 5
    assert b.value.n == 6 and b.value.mean == pytest.approx(120 / 6)
    d = b.difference
    assert d.n == 5 and d.mean == pytest.approx(1.0)  # diffs 1, .5, 1.5, 1, 1
    assert d.std == pytest.approx(estimate([1, 0.5, 1.5, 1, 1]).std)
    other = summarise(frame(), ["x"], baseline=1).line("x", 0).difference
    assert other.mean == pytest.approx(-1.0)
    with pytest.raises(ValueError, match="no arm 7"):
        summarise(frame(), ["x"], baseline=7)


def test_summary_files_and_chart(tmp_path):
    s = summarise(frame(), ["x"])
    paths = s.write(tmp_path)
    table = pd.read_csv(paths[0])
    assert list(table["strategy"]) == ["A", "B"]
    assert table.loc[1, "diff_mean"] == pytest.approx(1.0)
    png = draw(s, "x", "test")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def spread(name, mean, std=0.1, reach=None, p50=None):
    p50 = mean if p50 is None else p50
    reach = (1.0 if mean >= 1 else 0.0) if reach is None else reach
    return cal.Spread(name, 30, mean, std, mean - std, p50, mean + std, reach)


def test_verdict_too_easy_suggests_a_higher_quota():
    result = cal.judge([spread("phase-aware", 2.2), spread("random", 1.3, reach=0.8), spread("spray", 0.5)], 100.0, "EUR")
    assert result.label == "too easy"
    assert result.suggested_quota == pytest.approx(200.0)
    assert "raise the quotas by about 100%" in result.advice[0] and "EUR 200" in result.advice[0]


def test_verdict_too_hard_suggests_a_lower_quota():
    result = cal.judge([spread("phase-aware", 0.55, reach=0.1), spread("random", 0.1), spread("spray", 0.05)], 1000.0)
    assert result.label == "too hard"
    assert result.suggested_quota == pytest.approx(500.0)
    assert "lower the quotas by about 50%" in result.advice[0]


def test_verdict_too_random_when_luck_beats_skill():
    result = cal.judge([spread("phase-aware", 1.1, std=0.6, reach=0.55), spread("random", 0.8, reach=0.3),
                        spread("spray", 0.7, reach=0.2)], 100.0)
    assert result.label == "too random"
    assert result.luck == pytest.approx(0.6) and result.skill_gap == pytest.approx(0.3)
    assert "add accounts or inbound leads" in result.advice[0]


def test_verdict_about_right_and_skill_that_does_not_pay():
    fine = cal.judge([spread("phase-aware", 1.15, std=0.3, reach=0.6), spread("random", 0.3), spread("spray", 0.2)], 1.0)
    assert fine.label == "about right" and fine.verdicts[0].startswith("about right")
    flat = cal.judge([spread("phase-aware", 0.9, reach=0.4), spread("random", 0.95, reach=0.45),
                      spread("spray", 0.2)], 1.0)
    assert "skill does not pay" in flat.label
