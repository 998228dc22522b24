"""The output folder of a batch: `manifest.json` (the experiment definition) and `runs/part-NNNNN.parquet`
(or `.csv`), one part per finished chunk, each written atomically.

Parts live in their own `runs/` folder so that `pandas.read_parquet("OUT/runs")` reads the whole
table. Resuming reads back only the run ids of the parts; a folder whose manifest describes
another experiment is refused rather than mixed.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sim.batch.columns import schema
from sim.batch.experiment import Experiment, ExperimentError
from sim.files import atomic_write_bytes, atomic_write_text

try:
    import fcntl
except ImportError:  # Windows: no advisory lock, one batch per folder is then up to the analyst
    fcntl = None

FORMATS = ("parquet", "csv")
MANIFEST = "manifest.json"
RUNS = "runs"
TYPES = {"int64": pa.int64(), "double": pa.float64(), "string": pa.string()}
"""Column types as the manifest writes them, so a CSV reads back with the types it was written with."""


class StoreError(ExperimentError):
    """An output folder that cannot take these results; the message says why."""


class ResultStore:
    def __init__(self, out: str | Path, fmt: str = "parquet") -> None:
        if fmt not in FORMATS:
            raise StoreError(f"format must be one of {', '.join(FORMATS)}")
        self.out = Path(out)
        self.fmt = fmt
        self.runs_dir = self.out / RUNS

    # ------------------------------------------------------------------ manifest

    def manifest(self) -> dict | None:
        path = self.out / MANIFEST
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise StoreError(f"{path}: cannot read the manifest ({exc})") from None

    def open(self, experiment: Experiment) -> None:
        """Create the folder or check that it holds this experiment; write the manifest."""
        try:
            self.runs_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {self.runs_dir}: {exc.strerror or exc}") from None
        old = self.manifest()
        definition = experiment.definition()
        if old is None and any(self.runs_dir.glob("part-*")):
            raise StoreError(f"{self.out} holds results but no {MANIFEST}: use another --out, or delete the folder")
        if old is not None:
            if old.get("definition") != definition:
                different = sorted(k for k in set(definition) | set(old.get("definition", {}))
                                   if definition.get(k) != old.get("definition", {}).get(k))
                raise StoreError(f"{self.out} holds another experiment (it differs in: {', '.join(different)}); "
                                 "use another --out, or delete the folder to start again")
            if old.get("format", "parquet") != self.fmt:
                raise StoreError(f"{self.out} holds {old.get('format')} results; use the same format or another --out")
            if experiment.runs < old.get("runs", 0):
                raise StoreError(f"{self.out} already plans {old['runs']} runs per arm; ask for at least as many "
                                 "(more extends the batch)")
        for stale in self.runs_dir.glob(".part-*.tmp"):
            stale.unlink(missing_ok=True)
        document = {"dealcraft_batch": 1, "definition": definition, "runs": experiment.runs, "format": self.fmt,
                    "source": experiment.source, "columns": {f.name: str(f.type) for f in schema(experiment)}}
        try:
            atomic_write_text(self.out / MANIFEST, json.dumps(document, indent=2) + "\n")
        except OSError as exc:
            raise StoreError(f"cannot write {self.out / MANIFEST}: {exc.strerror or exc}") from None

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the folder for one batch: two writers would number their parts alike."""
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            handle = open(self.out / ".lock", "w")  # closed below, once the batch is over
        except OSError as exc:
            raise StoreError(f"cannot write to {self.out}: {exc.strerror or exc}") from None
        if fcntl is None:
            with handle:
                yield
            return
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise StoreError(f"another batch is writing to {self.out}; wait for it or use another --out") from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # ------------------------------------------------------------------ parts

    def parts(self) -> list[Path]:
        return sorted(self.runs_dir.glob(f"part-*.{self.fmt}"))

    def next_part(self) -> int:
        numbers = [int(p.stem.split("-", 1)[1]) for p in self.parts() if p.stem.split("-", 1)[1].isdigit()]
        return max(numbers, default=-1) + 1

    def write_part(self, number: int, rows: list[dict], table_schema: pa.Schema) -> Path:
        table = pa.Table.from_pylist(rows, schema=table_schema)
        buffer = io.BytesIO()
        if self.fmt == "parquet":
            pq.write_table(table, buffer)
        else:
            pacsv.write_csv(table, buffer)
        path = self.runs_dir / f"part-{number:05d}.{self.fmt}"
        try:
            atomic_write_bytes(path, buffer.getvalue())
        except OSError as exc:
            raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
        return path

    def _types(self, table_schema: pa.Schema | None) -> dict[str, pa.DataType]:
        if table_schema is not None:
            return {f.name: f.type for f in table_schema}
        recorded = (self.manifest() or {}).get("columns", {})
        types = {name: TYPES[t] for name, t in recorded.items() if t in TYPES} if isinstance(recorded, dict) else {}
        types.setdefault("run_id", pa.int64())
        return types

    def _read(self, path: Path, columns: list[str] | None, types: dict[str, pa.DataType]) -> pa.Table:
        if self.fmt == "parquet":
            return pq.read_table(path, columns=columns)
        options = pacsv.ConvertOptions(column_types=types, include_columns=columns, strings_can_be_null=True)
        return pacsv.read_csv(path, convert_options=options)

    def finished_run_ids(self) -> set[int]:
        done: set[int] = set()
        types = {"run_id": pa.int64()}
        for path in self.parts():
            try:
                done.update(self._read(path, ["run_id"], types).column("run_id").to_pylist())
            except (OSError, pa.ArrowInvalid) as exc:
                raise StoreError(f"{path}: cannot read a part file ({exc}); delete it to run its runs again") from None
        return done

    def failures(self, table_schema: pa.Schema | None = None) -> list[dict]:
        """The rows of failed runs (id, replication, seed, strategy, error), part by part: memory stays flat."""
        wanted = ["run_id", "replication", "seed", "strategy", "error"]
        types = self._types(table_schema) if self.fmt == "csv" else {}
        found: dict[int, dict] = {}
        for path in self.parts():
            table = self._read(path, wanted, types)
            errors = table.column("error")
            if errors.null_count == len(table):
                continue
            for row in table.filter(errors.is_valid()).to_pylist():
                found.setdefault(row["run_id"], row)
        return [found[k] for k in sorted(found)]

    def read(self, columns: Iterable[str] | None = None, table_schema: pa.Schema | None = None) -> pd.DataFrame:
        """Every finished row (each run id once, in run order), optionally only `columns`."""
        wanted = None if columns is None else list(dict.fromkeys(["run_id", *columns]))
        types = self._types(table_schema) if self.fmt == "csv" else {}
        tables = [self._read(p, wanted, types) for p in self.parts()]
        if not tables:
            names = wanted or (table_schema.names if table_schema is not None else ["run_id"])
            return pd.DataFrame(columns=names)
        frame = pa.concat_tables(tables, promote_options="permissive").to_pandas()
        return frame.drop_duplicates("run_id").sort_values("run_id").reset_index(drop=True)
