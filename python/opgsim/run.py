"""One simulation run: `run` simulates a scenario through the binary, `read_run` opens a run folder
an earlier run wrote. A Run reads its files when first asked for them and keeps them."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional

import pandas as pd

from opgsim import _tables
from opgsim._binary import OpgsimError, call, cfg_args, set_args
from opgsim._scratch import ScratchFolder
from opgsim.policy import call_with_policy

COMPLETE_MARKER = ".complete"  # what a finished run folder holds (analysis/io/output_folder.cpp)


def _numbers(value):
    """summary.json's values with numbers as numbers: a null (a non-finite double in JSON) becomes
    nan, a numeric string its number; dicts and lists recursively."""
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    if value is None:
        return math.nan
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return value
    return value


class Run:
    """A run folder (what `opgsim run --out DIR` writes).

    path        the folder (pathlib.Path)
    complete    whether the run finished (the folder holds its completion marker)
    summary     summary.json as a dict of dicts; every leaf a number (int or float) or a bool
    manifest    manifest.json as a dict (version, command line, seed, wall times, the resolved scenario)
    scenario    the resolved scenario (manifest["scenario"]): defaults filled in, --set applied
    seed        the seed the run used
    files       the CSV files the run wrote, by name without ".csv" (["timeseries", "ledger", ...])
    tables      {name: DataFrame} for every CSV of the run, read on first use
    timeseries, ledger, accounts, events (and any other CSV by its name): the DataFrames
    params      in a sweep: {parameter path: value} of the run's point (else {})
    point, replication   in a sweep: the run's point index and replication (else None)
    """

    def __init__(self, path, params: Optional[Mapping[str, object]] = None, point: Optional[int] = None,
                 replication: Optional[int] = None, scratch: Optional[ScratchFolder] = None):
        self.path = Path(path)
        self._scratch = scratch  # the temporary folder this run lives in, kept while the Run lives
        self.params = dict(params or {})
        self.point = point
        self.replication = replication
        self._summary = None
        self._manifest = None
        self._tables: Dict[str, pd.DataFrame] = {}

    def __repr__(self) -> str:
        return f"Run({str(self.path)!r}{'' if self.complete else ', unfinished'})"

    @property
    def complete(self) -> bool:
        return (self.path / COMPLETE_MARKER).is_file()

    def _file(self, name: str) -> Path:
        p = self.path / name
        if not p.is_file():
            state = "" if self.complete else " (the run has not finished)"
            raise OpgsimError(f"{p}: no such file{state}")
        return p

    @property
    def summary(self) -> dict:
        if self._summary is None:
            with open(self._file("summary.json"), encoding="utf-8") as f:
                self._summary = _numbers(json.load(f))
        return self._summary

    @property
    def manifest(self) -> dict:
        if self._manifest is None:
            with open(self._file("manifest.json"), encoding="utf-8") as f:
                self._manifest = json.load(f)
        return self._manifest

    @property
    def scenario(self) -> dict:
        return self.manifest["scenario"]

    @property
    def seed(self) -> int:
        return int(self.manifest["seed"])

    @property
    def files(self) -> List[str]:
        return sorted(p.stem for p in self.path.glob("*.csv"))

    def table(self, name: str) -> pd.DataFrame:
        """The CSV file `name` (with or without ".csv") as a typed DataFrame."""
        stem = name[:-4] if name.endswith(".csv") else name
        if stem not in self._tables:
            layout = "horizon" if "horizon" in self.summary else None
            self._tables[stem] = _tables.read_csv(self._file(stem + ".csv"), layout)
        return self._tables[stem]

    @property
    def tables(self) -> Dict[str, pd.DataFrame]:
        return {name: self.table(name) for name in self.files}

    def __getattr__(self, name: str) -> pd.DataFrame:
        # Only called for names that are not attributes: a CSV of the run (timeseries, ledger, ...).
        if name.startswith("_"):
            raise AttributeError(name)
        if (self.path / f"{name}.csv").is_file():
            return self.table(name)
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r} (the run's CSV files: "
                             f"{', '.join(self.files) or 'none'})")

    # The usual files, named so that editors and readers see them.
    @property
    def timeseries(self) -> pd.DataFrame:
        return self.table("timeseries")

    @property
    def ledger(self) -> pd.DataFrame:
        return self.table("ledger")

    @property
    def accounts(self) -> pd.DataFrame:
        return self.table("accounts")

    @property
    def events(self) -> pd.DataFrame:
        return self.table("events")


def read_run(path) -> Run:
    """The run folder `path` (written by `opgsim run --out`, by `run` or by a sweep)."""
    p = Path(path)
    if not (p / "summary.json").is_file():
        raise OpgsimError(f"{p}: not a run folder (no summary.json)")
    return Run(p)


def run(scenario, set: Optional[Mapping[str, object]] = None, seed: Optional[int] = None, out=None,
        cfg: Optional[Iterable[str]] = None, policy=None) -> Run:  # noqa: A002 (`set` is the binary's option name)
    """Simulates `scenario` (a scenario file's path) with `opgsim run --quiet` and returns its Run.

    set     {dotted scenario path: value}, each passed as --set path=value (strings as they are,
            other values as JSON: 16, 0.5, true, [1, 2], {"type": "x402"})
    seed    the seed of every random stream (--seed)
    out     the run folder; None: a new folder under the system's temporary directory, deleted once
            the Run is no longer referenced (give `out` to keep the files)
    cfg     SimGrid options "key:value", each passed as --cfg
    policy  a function snapshot -> list of decisions, called at each epoch end instead of the
            operators' built-in rule (python/README.md, "User policies"; opgsim/policy.py)
    Raises OpgsimError with the binary's one-line message when it fails (exit code 2: bad input).
    """
    scratch = ScratchFolder("opgsim-run-") if out is None else None
    if scratch is not None:
        out = scratch.path
    args = ["run", str(scenario), "--quiet", "--out", str(out), *set_args(set), *cfg_args(cfg)]
    if seed is not None:
        args += ["--seed", str(int(seed))]
    try:
        if policy is None:
            call(args)
        else:
            call_with_policy(args, policy)
        result = read_run(out)
    except BaseException:
        if scratch is not None:
            scratch.remove()
        raise
    result._scratch = scratch
    return result
