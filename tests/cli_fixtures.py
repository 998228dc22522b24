"""The `dealcraft` command as the CLI tests call it: in-process, with its exit code and both streams."""

from __future__ import annotations

from dealcraft.cli import main


def dealcraft(capsys, *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `dealcraft ARGV...`; argparse's own exits count as their code."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err
