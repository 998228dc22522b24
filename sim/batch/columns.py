"""The Arrow schema of the results table: every part file of a batch is written with it, so parts
always concatenate, and a CSV reads back with the types it was written with."""

from __future__ import annotations

import pyarrow as pa

from sim.batch.experiment import Experiment
from sim.batch.rows import COUNTS, SEAT_METRICS, TEAM_METRICS, param_column, param_kind, seat_grades

ARROW = {int: pa.int64(), float: pa.float64(), str: pa.string()}


def _metric(name: str) -> pa.DataType:
    return pa.int64() if name in COUNTS else pa.float64()


def schema(experiment: Experiment) -> pa.Schema:
    fields = [("run_id", pa.int64()), ("replication", pa.int64()), ("seed", pa.int64()), ("arm", pa.int64()),
              ("strategy", pa.string())]
    fields += [(param_column(key), ARROW[param_kind(values)]) for key, values in experiment.sweep]
    fields += [(f"team_{m}", _metric(m)) for m in TEAM_METRICS]
    fields += [(f"team_pipeline_phase_{i}", pa.int64()) for i in range(1, 6)]
    fields += [("team_overall_mean", pa.float64())]
    fields += [(f"seat_{m}", _metric(m)) for m in SEAT_METRICS]
    fields += [("seat_overall", pa.float64())]
    fields += [(name, pa.int64()) for name in seat_grades()]
    fields += [("elapsed", pa.float64()), ("error", pa.string())]
    return pa.schema(fields)
