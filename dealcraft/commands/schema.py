"""`dealcraft schema`: the JSON Schema of the scenario format, for editors."""

from __future__ import annotations

import argparse
import json
import sys

from sim.files import atomic_write_text
from sim.scenario import json_schema


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of the scenario format",
        description="Print the JSON Schema of scenario files (schema = 1), so that editors such as "
        "VS Code (with the Even Better TOML extension) can complete and check them.",
    )
    parser.add_argument("-o", "--out", metavar="FILE", help="write to FILE instead of printing")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.out:
        try:
            atomic_write_text(args.out, text)
        except OSError as exc:
            print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0
