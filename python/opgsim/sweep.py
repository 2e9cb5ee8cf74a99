"""A parameter sweep: `sweep` runs one through `opgsim sweep`, `read_sweep` opens a sweep folder
(also one a Slurm array filled and `opgsim collect` summarized)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, List, Mapping, Optional, Sequence

import pandas as pd

from opgsim import _tables
from opgsim._binary import OpgsimError, call, cfg_args, set_args, set_value
from opgsim._scratch import ScratchFolder
from opgsim.run import Run


def _groups(spec: dict) -> List[List[int]]:
    """The factors of the product (analysis/sweep/sweep_plan.cpp's param_groups): with zip one group
    of every param; else the zip_groups and a group per other param, in the order of their first."""
    params = spec["params"]
    if spec.get("zip"):
        return [list(range(len(params)))] if params else []
    group_of = {}
    for g, paths in enumerate(spec.get("zip_groups", [])):
        for path in paths:
            group_of[[p["path"] for p in params].index(path)] = g
    groups, placed = [], {}
    for k in range(len(params)):
        if k not in group_of:
            groups.append([k])
        elif group_of[k] in placed:
            groups[placed[group_of[k]]].append(k)
        else:
            placed[group_of[k]] = len(groups)
            groups.append([k])
    return groups


def _point_values(spec: dict, point: int) -> List[str]:
    """One point's values, in the binary's order: the groups combined as a product, the last group
    varying fastest, the i-th values of a group's params together."""
    params = spec["params"]
    values = [""] * len(params)
    for group in reversed(_groups(spec)):
        n = len(params[group[0]]["values"])
        for k in group:
            values[k] = params[k]["values"][point % n]
        point //= n
    return values


def _point_count(spec: dict) -> int:
    n = 1
    for group in _groups(spec):
        n *= len(spec["params"][group[0]]["values"])
    return n


def _typed(value: str):
    """A swept value as given to --set, as a number when it is one (as the curve's columns)."""
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return value


class Sweep:
    """A sweep folder (what `opgsim sweep --out DIR` writes).

    path     the folder (pathlib.Path)
    spec     sweep.json as a dict: scenario, params [{path, values}], zip, replications, sets, base_seed
    curve    curve.csv as a DataFrame: one row per point; a column per swept parameter (numbers when
             every value is one), then `<metric>_mean`, `<metric>_ci95` (float64) and `<metric>_n`
             (int64, the finished runs behind the point) for every metric
    runs     every planned run as a Run, point-major (point 0's replications first), each with its
             `params`, `point` and `replication`; a Run reads its files only when asked
    table    what the binary printed (the curve's main metrics), when this object ran the sweep
    """

    def __init__(self, path, table: str = "", scratch: Optional[ScratchFolder] = None):
        self.path = Path(path)
        self._scratch = scratch  # the temporary folder of the sweep, kept while it or one of its runs lives
        self.table = table
        spec_file = self.path / "sweep.json"
        if not spec_file.is_file():
            raise OpgsimError(f"{self.path}: not a sweep folder (no sweep.json)")
        with open(spec_file, encoding="utf-8") as f:
            self.spec = json.load(f)
        self._curve = None
        self._runs = None

    def __repr__(self) -> str:
        return f"Sweep({str(self.path)!r}, {len(self.runs)} runs)"

    @property
    def curve(self) -> pd.DataFrame:
        if self._curve is None:
            curve_file = self.path / "curve.csv"
            if not curve_file.is_file():
                raise OpgsimError(f"{curve_file}: no such file (run `opgsim collect {self.path}`)")
            self._curve = _tables.read_curve(curve_file)
        return self._curve

    @property
    def runs(self) -> List[Run]:
        if self._runs is None:
            paths = [p["path"] for p in self.spec["params"]]
            runs = []
            for point in range(_point_count(self.spec)):
                values = [_typed(v) for v in _point_values(self.spec, point)]
                for r in range(int(self.spec["replications"])):
                    runs.append(Run(self.path / "runs" / f"p{point:04d}-r{r}", dict(zip(paths, values)), point, r,
                                    self._scratch))
            self._runs = runs
        return self._runs


def read_sweep(path) -> Sweep:
    """The sweep folder `path` (written by `opgsim sweep --out`, by `sweep`, or filled by a Slurm
    array and `opgsim collect`)."""
    return Sweep(path)


def sweep(scenario, params: Mapping[str, Sequence[object]], replications: int = 1, jobs: Optional[int] = None,
          out=None, set: Optional[Mapping[str, object]] = None, seed: Optional[int] = None,  # noqa: A002
          metrics: Optional[Iterable[str]] = None, zip=False,  # noqa: A002
          cfg: Optional[Iterable[str]] = None) -> Sweep:
    """Runs `opgsim sweep` over `scenario` and returns its Sweep.

    params        {dotted scenario path: [values]}: every combination of the lists (--param path=v1,v2,...);
                  values may be lists and dicts (sent as JSON, --param 'path=JSON;JSON')
    replications  runs per point, each with its own seed derived from the scenario's (-r)
    jobs          runs at once (-j; None: the binary's default)
    out           the sweep folder; None: a new folder under the system's temporary directory, deleted
                  once neither the Sweep nor any of its runs is referenced (give `out` to keep it).
                  An existing sweep folder of the same sweep reuses its finished runs.
    set           fixed overrides for every run, as `run`'s
    seed          the base seed (replication 0 uses it)
    metrics       extra summary.json paths to put in the curve (--metric), e.g. "economy.end.operators_active"
    zip           True: pair the i-th values of every list instead of taking every combination (--zip);
                  a list of path lists: pair only those (--zip-group), the groups combined as a product
    cfg           SimGrid options "key:value" for every run
    Raises OpgsimError with the binary's one-line message when it fails (bad input: nothing runs;
    a failed run: the others still ran and `out` holds them; a temporary folder is deleted).
    """
    if not params:
        raise ValueError("params: give at least one {path: [values]}")
    scratch = ScratchFolder("opgsim-sweep-") if out is None else None
    if scratch is not None:
        out = scratch.path
    args = ["sweep", str(scenario), "--out", str(out), "--replications", str(int(replications))]
    for path, values in params.items():
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise ValueError(f"params[{path!r}]: give a list of values")
        texts = [set_value(v) for v in values]
        if texts and texts[0][:1] in ("[", "{"):  # JSON values: --param path=JSON;JSON;...
            args += ["--param", f"{path}={';'.join(json.dumps(v) if not isinstance(v, str) else v for v in values)}"]
            continue
        for t in texts:
            if "," in t:
                raise ValueError(f"params[{path!r}]: a value holds a comma, which --param cannot take: {t} "
                                 "(give it as a list or dict, or put a list or dict first)")
        args += ["--param", f"{path}={','.join(texts)}"]
    if jobs is not None:
        args += ["--jobs", str(int(jobs))]
    if seed is not None:
        args += ["--seed", str(int(seed))]
    if zip is True:
        args.append("--zip")
    elif zip:
        for group in zip:
            args += ["--zip-group", ",".join(group)]
    for m in metrics or ():
        args += ["--metric", m]
    args += set_args(set) + cfg_args(cfg)
    try:
        proc = call(args)
        return Sweep(out, proc.stdout, scratch)
    except BaseException:
        if scratch is not None:  # nothing can reach a temporary folder once this call fails
            scratch.remove()
        raise
