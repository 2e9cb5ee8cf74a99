#!/usr/bin/env python3
"""Executes a notebook of python/examples/ with nbclient (as CI does) and fails when a cell fails.
usage: python3 python/examples/execute_notebook.py NOTEBOOK [--duration-s S] [--out EXECUTED.ipynb]
--duration-s sets OPGSIM_EXAMPLE_DURATION_S, which the examples read to shorten their runs."""

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("--duration-s", type=float, help="the simulated duration of the example's runs")
    ap.add_argument("--out", help="where to write the executed notebook (default: not written)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds a cell may take")
    a = ap.parse_args()
    if a.duration_s is not None:
        os.environ["OPGSIM_EXAMPLE_DURATION_S"] = str(a.duration_s)
    os.environ.pop("MPLBACKEND", None)  # the kernel's inline backend draws the figures into the notebook
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # ipykernel's debugger warns about frozen modules
    path = Path(a.notebook).resolve()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=a.timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as e:
        print(f"{path.name}: a cell failed\n{e}", file=sys.stderr)
        return 1
    if a.out:
        nbformat.write(nb, a.out)
    print(f"{path.name}: {sum(c.cell_type == 'code' for c in nb.cells)} code cells ran in "
          f"{time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
