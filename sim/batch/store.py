"""The output folder of a batch: `manifest.json` (the experiment definition) and `runs/part-NNNNN.parquet`
(or `.csv`), one part per finished chunk, each written atomically.

Parts live in their own `runs/` folder so that `pandas.read_parquet("OUT/runs")` reads the whole
table. Resuming reads back only the run ids of the parts; a folder whose manifest describes
another experiment is refused rather than mixed.

Integrity: after each part is written, its size and sha256 are appended to `checksums.jsonl`, the
manifest's journal of parts (one line per part: appending stays cheap however many parts a batch
writes, where rewriting the manifest each time would not). Before a batch resumes, every part is
checked against it: a damaged one (truncated, changed, over the size
limit, unreadable) is moved to `OUT/damaged/` and its runs are played again; a part the manifest does
not know yet (the batch was killed between writing the part and recording it) is adopted when it
reads back whole, else moved aside too. Reading results (`read`, `failures`, `load_results`) refuses a
folder with a damaged part in one message naming the file. Every file read has a size limit.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
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
CHECKSUMS = "checksums.jsonl"
RUNS = "runs"
DAMAGED = "damaged"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
"""A manifest is a few kB, its checksums ~150 bytes per part: above 64 MiB either is not ours."""
MAX_PART_BYTES = 1024 * 1024 * 1024
"""A part holds at most a chunk of runs (a few kB to a few MB): above 1 GiB it is not ours."""
WORKER_LOST = "WorkerLost"
"""Prefix of the error of a run lost with its worker process (not a failure of the model): resuming
always plays such runs again, whereas a run that raised is a result unless `retry_failed` is asked."""
TYPES = {"int64": pa.int64(), "double": pa.float64(), "string": pa.string()}
"""Column types as the manifest writes them, so a CSV reads back with the types it was written with."""


class StoreError(ExperimentError):
    """An output folder that cannot take these results; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
            size = path.stat().st_size
            if size > MAX_MANIFEST_BYTES:
                raise StoreError(f"{path}: {size:,} bytes, over the {MAX_MANIFEST_BYTES // 2**20} MiB limit for a "
                                 "manifest: this is not a Dealcraft batch folder")
            with open(path, "rb") as handle:
                document = json.loads(handle.read(MAX_MANIFEST_BYTES + 1).decode("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise StoreError(f"{path}: the manifest is damaged ({exc}); the part files are intact but cannot be "
                             "checked without it: move the folder aside and run the batch again") from None
        if not isinstance(document, dict) or document.get("dealcraft_batch") != 1 or not isinstance(
                document.get("definition"), dict):
            raise StoreError(f"{path}: not a Dealcraft batch manifest (damaged or from another program); move the "
                             "folder aside and run the batch again")
        return document

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
        legacy = old is not None and old.get("checksums") != CHECKSUMS  # written before checksums: adopt its parts
        self._parts = {} if legacy else self._load_checksums()
        self.repairs = self._verify(legacy)
        self._save_checksums()
        document = {"dealcraft_batch": 1, "definition": definition, "runs": experiment.runs, "format": self.fmt,
                    "source": experiment.source, "columns": {f.name: str(f.type) for f in schema(experiment)},
                    "checksums": CHECKSUMS}
        try:
            atomic_write_text(self.out / MANIFEST, json.dumps(document, indent=2) + "\n")
        except OSError as exc:
            raise StoreError(f"cannot write {self.out / MANIFEST}: {exc.strerror or exc}") from None

    # ------------------------------------------------------------------ the checksums of the parts

    def _load_checksums(self) -> dict[str, dict]:
        """Part name -> {bytes, sha256, runs}. A line that does not parse (a write cut short by a kill)
        is skipped: its part then counts as unrecorded, and is adopted if it reads back whole."""
        path = self.out / CHECKSUMS
        try:
            if path.stat().st_size > MAX_MANIFEST_BYTES:
                raise StoreError(f"{path}: over the {MAX_MANIFEST_BYTES // 2**20} MiB limit for the checksums of a "
                                 "batch: this is not a Dealcraft batch folder")
            with open(path, "rb") as handle:
                raw = handle.read(MAX_MANIFEST_BYTES + 1)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise StoreError(f"{path}: cannot read the checksums ({exc.strerror or exc})") from None
        entries: dict[str, dict] = {}
        for line in raw.split(b"\n"):
            try:
                entry = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(entry, dict) and isinstance(entry.get("part"), str):
                entries[entry["part"]] = entry
        return entries

    def _save_checksums(self) -> None:
        """Rewrite the journal whole (atomically): it then ends with a complete line, ready for appends."""
        lines = [json.dumps(self._parts[name], sort_keys=True) + "\n" for name in self._ordered(self._parts)]
        try:
            atomic_write_text(self.out / CHECKSUMS, "".join(lines))
        except OSError as exc:
            raise StoreError(f"cannot write {self.out / CHECKSUMS}: {exc.strerror or exc}") from None

    def _append_checksum(self, entry: dict) -> None:
        self._parts[entry["part"]] = entry
        try:
            with open(self.out / CHECKSUMS, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, sort_keys=True) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise StoreError(f"cannot write {self.out / CHECKSUMS}: {exc.strerror or exc}") from None

    @staticmethod
    def _ordered(names) -> list[str]:
        return sorted(names, key=lambda n: (int(d) if (d := n.split("-", 1)[-1].split(".", 1)[0]).isdigit() else -1, n))

    # ------------------------------------------------------------------ integrity

    def _problem(self, path: Path, recorded: dict | None) -> str | None:
        """Why a part file cannot be trusted, or None when it matches its recorded size and sha256."""
        try:
            size = path.stat().st_size
            if size > MAX_PART_BYTES:
                return f"{size:,} bytes, over the {MAX_PART_BYTES // 2**20} MiB limit for a part"
            if recorded is None:
                return None
            if not isinstance(recorded, dict) or size != recorded.get("bytes"):
                return f"{size:,} bytes where {CHECKSUMS} recorded {recorded.get('bytes'):,}" if isinstance(
                    recorded, dict) and isinstance(recorded.get("bytes"), int) else f"its line in {CHECKSUMS} is damaged"
            if sha256_of(path) != recorded.get("sha256"):
                return f"its sha256 differs from the one {CHECKSUMS} recorded"
        except OSError as exc:
            return f"cannot be read ({exc.strerror or exc})"
        return None

    def _readable(self, path: Path) -> str | None:
        """Why a part without a recorded checksum cannot be adopted, or None when it reads back whole."""
        try:
            table = self._read(path, None, self._types(None))
            if "run_id" not in table.column_names or table.column("run_id").null_count:
                return "it has no run ids"
        except (OSError, pa.ArrowException, ValueError) as exc:
            return f"it does not read back ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
        return None

    def _record(self, path: Path) -> None:
        self._parts[path.name] = {"part": path.name, "bytes": path.stat().st_size, "sha256": sha256_of(path)}

    def _verify(self, legacy: bool) -> list[str]:
        """Check every part against its checksum; move damaged ones aside. One message per repair."""
        repairs = []
        recorded: dict = self._parts
        on_disk = {p.name: p for p in self.parts()}
        for name in sorted(set(recorded) - set(on_disk)):
            del recorded[name]
            repairs.append(f"{self.runs_dir / name} is missing: its runs are played again")
        for name, path in on_disk.items():
            entry = recorded.get(name)
            problem = self._problem(path, entry)
            if problem is None and entry is None:
                problem = self._readable(path)
                if problem is None:
                    self._record(path)
                    if not legacy:
                        repairs.append(f"{path} was written but not yet recorded (the batch was stopped in between): "
                                       "it reads back whole and is kept")
                    continue
            if problem is None:
                continue
            recorded.pop(name, None)
            moved = self._move_aside(path)
            repairs.append(f"{path} is damaged ({problem}): moved to {moved}, its runs are played again")
        return repairs

    def _move_aside(self, path: Path) -> Path:
        folder = self.out / DAMAGED
        folder.mkdir(exist_ok=True)
        target = folder / path.name
        n = 1
        while target.exists():
            target = folder / f"{path.stem}.{n}{path.suffix}"
            n += 1
        os.replace(path, target)
        return target

    def check(self) -> None:
        """Refuse to read a folder whose parts do not match their checksums: one message naming each file."""
        manifest = self.manifest()
        if (manifest or {}).get("checksums") != CHECKSUMS:  # a folder written before checksums: nothing to check
            return
        recorded = self._load_checksums()
        problems = []
        for path in self.parts():
            problem = self._problem(path, recorded.get(path.name))
            if problem is None and path.name not in recorded:
                problem = self._readable(path)
            if problem:
                problems.append(f"{path} is damaged ({problem})")
        missing = sorted(set(recorded) - {p.name for p in self.parts()})
        problems += [f"{self.runs_dir / name} is missing" for name in missing]
        if problems:
            raise StoreError("; ".join(problems) + ": run the same batch command again to play those runs again")

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
        """The part files in the order they were written (by number: a later part supersedes an earlier row)."""
        found = self.runs_dir.glob(f"part-*.{self.fmt}")
        return sorted(found, key=lambda p: (int(n) if (n := p.stem.split("-", 1)[1]).isdigit() else -1, p.name))

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
        data = buffer.getvalue()
        try:
            atomic_write_bytes(path, data)
        except OSError as exc:
            raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
        # killed here, the part is on disk but not recorded: the next open() adopts it if it reads back whole
        self._append_checksum({"part": path.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                               "runs": len(rows)})
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

    def latest_errors(self) -> dict[int, str | None]:
        """Run id -> the error of its latest row (None: it played). Later parts supersede earlier ones."""
        latest: dict[int, str | None] = {}
        types = {"run_id": pa.int64(), "error": pa.string()}
        for path in self.parts():
            try:
                table = self._read(path, ["run_id", "error"], types)
            except (OSError, pa.ArrowException, ValueError) as exc:
                raise StoreError(f"{path}: cannot read a part file ({exc}); run the batch again to play its runs "
                                 "again") from None
            latest.update(zip(table.column("run_id").to_pylist(), table.column("error").to_pylist(), strict=True))
        return latest

    def finished_run_ids(self, retry_failed: bool = False, latest: dict[int, str | None] | None = None) -> set[int]:
        """Runs not to play again: every run with a row, except those lost with a worker (always played
        again) and, with `retry_failed`, those that raised."""
        latest = self.latest_errors() if latest is None else latest
        return {run_id for run_id, error in latest.items()
                if error is None or not (retry_failed or error.startswith(WORKER_LOST))}

    def failures(self, table_schema: pa.Schema | None = None) -> list[dict]:
        """The rows of failed runs (id, replication, seed, strategy, error), part by part: memory stays flat.
        A run played again after failing counts by its latest row."""
        self.check()
        wanted = ["run_id", "replication", "seed", "strategy", "error"]
        types = self._types(table_schema) if self.fmt == "csv" else {}
        found: dict[int, dict | None] = {}
        for path in self.parts():
            table = self._read(path, wanted, types)
            for row in table.to_pylist():
                found[row["run_id"]] = row if row["error"] is not None else None
        return [found[k] for k in sorted(found) if found[k] is not None]

    def read(self, columns: Iterable[str] | None = None, table_schema: pa.Schema | None = None) -> pd.DataFrame:
        """Every finished row (each run id once, in run order), optionally only `columns`."""
        self.check()
        wanted = None if columns is None else list(dict.fromkeys(["run_id", *columns]))
        types = self._types(table_schema) if self.fmt == "csv" else {}
        tables = [self._read(p, wanted, types) for p in self.parts()]
        if not tables:
            names = wanted or (table_schema.names if table_schema is not None else ["run_id"])
            return pd.DataFrame(columns=names)
        table = pa.concat_tables(tables, promote_options="permissive")
        frame = table.to_pandas()
        # a run played again (it had failed, or its worker died) keeps its latest row: parts are in write order
        frame = frame.drop_duplicates("run_id", keep="last").sort_values("run_id").reset_index(drop=True)
        for column in table.schema:  # a superseded failed row made an integer column float: not any more
            name = column.name
            if pa.types.is_integer(column.type) and frame[name].dtype.kind == "f" and frame[name].notna().all():
                frame[name] = frame[name].astype("int64")
        return frame
