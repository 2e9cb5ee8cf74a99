"""Reading opgsim's CSV outputs into typed pandas DataFrames. The column types come from
columns.json, which is generated from the binary's own output declarations
(analysis/output/*_columns.cpp): "int" columns (counts, token amounts in base units) become
int64, "float" columns float64, "text" columns Python strings (an empty cell stays ""). Every
token amount `<x>_units` also gets a float OPG column for plotting (÷ 10^9, as summary.json's
`_opg` fields): `<x>_opg`, or `<x>` when x already ends in `_opg` (`pool_opg_units` -> `pool_opg`).
A long-horizon run (summary.json has a `horizon` block) writes a timeseries.csv of its own, one row
per period; its types are declared under "horizon/timeseries.csv" (layout "horizon")."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Dict, Optional

import pandas as pd

UNITS_PER_OPG = 10**9

_DTYPES = {"int": "int64", "float": "float64", "text": str}


@functools.lru_cache(maxsize=None)
def declared_columns() -> Dict[str, Dict[str, dict]]:
    """{file name: {column name: {"unit", "type"}}} from columns.json. A name with `<role>` in it
    stands for one column per role (`<role>_operators_active`)."""
    with open(Path(__file__).with_name("columns.json"), encoding="utf-8") as f:
        files = json.load(f)["files"]
    return {name: {c["name"]: c for c in cols} for name, cols in files.items()}


def _patterns(declared: Dict[str, dict]):
    out = []
    for name, col in declared.items():
        if "<" in name:
            regex = re.escape(name).replace(re.escape("<role>"), "[a-z0-9_]+")
            out.append((re.compile(f"^{regex}$"), col))
    return out


def column_type(file_name: str, column: str, layout: Optional[str] = None) -> Optional[dict]:
    """The declaration of `column` of `file_name` ({"name", "unit", "type"}), or None. `layout`
    "horizon" reads a long-horizon run's own declaration of the file where it has one."""
    files = declared_columns()
    key = f"{layout}/{file_name}" if layout and f"{layout}/{file_name}" in files else file_name
    declared = files.get(key, {})
    if column in declared:
        return declared[column]
    for regex, col in _patterns(declared):
        if regex.match(column):
            return col
    if column.endswith("_units"):  # an undeclared amount still follows the base-unit convention
        return {"name": column, "unit": "base units", "type": "int"}
    return None


def opg_name(units_column: str) -> str:
    stem = units_column[: -len("_units")]
    return stem if stem.endswith("_opg") else stem + "_opg"


def add_opg_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Appends a float OPG column for every int64 `<x>_units` column (see the module's doc)."""
    for col in list(df.columns):
        if col.endswith("_units") and pd.api.types.is_integer_dtype(df[col].dtype):
            name = opg_name(col)
            if name not in df.columns:
                df[name] = df[col].astype("float64") / UNITS_PER_OPG
    return df


def read_csv(path, layout: Optional[str] = None) -> pd.DataFrame:
    """One of a run's CSV files as a DataFrame with the declared column types (see the module's doc;
    `layout` "horizon" for a long-horizon run's files). Columns the declarations do not know are
    left to pandas (with empty cells kept as "")."""
    path = Path(path)
    header = pd.read_csv(path, nrows=0).columns
    dtypes = {}
    for col in header:
        decl = column_type(path.name, col, layout)
        if decl is not None:
            dtypes[col] = _DTYPES[decl["type"]]
    df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values={})
    return add_opg_columns(df)


def read_curve(path) -> pd.DataFrame:
    """A sweep's curve.csv: parameter columns numeric when every value is a number (else text),
    `<m>_mean` and `<m>_ci95` float64, `<m>_n` int64 (the runs behind the point)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    cols = set(df.columns)
    metrics = {c[: -len("_mean")] for c in cols if c.endswith("_mean")}
    metrics = {m for m in metrics if f"{m}_ci95" in cols and f"{m}_n" in cols}  # complete triples only
    for col in df.columns:
        stem, _, suffix = col.rpartition("_")
        if stem in metrics and suffix == "n":
            df[col] = df[col].astype("int64")
        elif stem in metrics and suffix in ("mean", "ci95"):
            df[col] = pd.to_numeric(df[col]).astype("float64")
        else:  # a swept parameter: the values as given to --set
            numeric = pd.to_numeric(df[col], errors="coerce")
            if not numeric.isna().any():
                df[col] = numeric
    return df
