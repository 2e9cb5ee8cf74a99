"""opgsim.run and opgsim.read_run: typed tables, numeric summaries, amounts to the base unit."""

import numbers
import shutil

import pandas as pd
import pytest

import opgsim
from opgsim import _tables
from conftest import ECONOMY, SHORT


def leaves(d, path=""):
    for k, v in d.items():
        p = f"{path}.{k}" if path else k
        if isinstance(v, dict):
            yield from leaves(v, p)
        else:
            yield p, v


def test_summary_holds_numbers_never_strings(economy_run):
    found = dict(leaves(economy_run.summary))
    assert len(found) > 100
    for path, v in found.items():
        assert isinstance(v, (numbers.Number, bool)), f"{path} = {v!r}"
    assert isinstance(economy_run.summary["economy"]["end"]["supply_units"], int)
    assert isinstance(economy_run.summary["throughput_rps"], float)
    assert economy_run.summary["invariants"]["token_conservation"]["ok"] is True


def test_every_declared_column_has_its_declared_type(economy_run):
    checked = 0
    for name in ["timeseries", "ledger", "accounts", "events"]:
        df = economy_run.table(name)
        assert len(df) > 0, name
        for col in df.columns:
            decl = _tables.column_type(f"{name}.csv", col)
            if decl is None:  # only the added OPG columns are not declared
                assert col.endswith("_opg") and df[col].dtype == "float64", (name, col)
                continue
            want = {"int": "int64", "float": "float64", "text": "object"}[decl["type"]]
            assert str(df[col].dtype) == want, (name, col, df[col].dtype)
            checked += 1
    assert checked > 60
    assert economy_run.ledger["supply_units"].dtype == "int64"
    assert economy_run.timeseries["completed"].dtype == "int64"
    assert economy_run.timeseries["latency_p99_s"].dtype == "float64"
    # An empty text cell stays "" (not NaN): the treasury has no label.
    treasury = economy_run.accounts[economy_run.accounts["account"] == "treasury"]
    assert (treasury["label"] == "").all()


def test_int64_amounts_equal_the_ledger_to_the_base_unit(economy_run):
    ledger, accounts = economy_run.ledger, economy_run.accounts
    # At every epoch end the accounts' balances, stakes and unbonding amounts add up to the supply.
    held = (accounts["balance_units"] + accounts["staked_units"] + accounts["unbonding_units"]).groupby(
        accounts["t_end_s"]).sum()
    supply = ledger.set_index("t_end_s")["supply_units"]
    assert len(held) == len(supply)
    assert (held == supply.loc[held.index]).all()
    assert held.iloc[-1] == 10**18  # the genesis supply, exact (a float64 sum would lose units)
    end = economy_run.summary["economy"]["end"]
    assert ledger["treasury_units"].iloc[-1] == end["treasury_units"]
    assert ledger["staked_units"].iloc[-1] == end["staked_units"]
    totals = economy_run.summary["economy"]["totals"]
    assert ledger["fees_units"].sum() == totals["fees_units"]
    assert ledger["rewards_units"].sum() == totals["rewards_units"]


def test_opg_columns_are_the_amounts_in_opg(economy_run):
    ledger = economy_run.ledger
    assert ledger["treasury_opg"].dtype == "float64"
    assert (ledger["treasury_opg"] == ledger["treasury_units"] / 1e9).all()
    assert ledger["supply_opg"].iloc[0] == 1e9
    assert "amount_opg" in economy_run.events.columns
    assert _tables.opg_name("pool_opg_units") == "pool_opg"


def test_every_csv_of_the_run_is_a_table(economy_run):
    assert economy_run.files == ["accounts", "events", "ledger", "timeseries"]
    assert set(economy_run.tables) == set(economy_run.files)
    (economy_run.path / "extra.csv").write_text("a,b_units\n1,5\n")
    try:
        extra = opgsim.read_run(economy_run.path).extra  # an undeclared file: by attribute too
        assert extra["b_units"].dtype == "int64" and extra["b_opg"].iloc[0] == 5e-9
    finally:
        (economy_run.path / "extra.csv").unlink()
    with pytest.raises(AttributeError, match="the run's CSV files: accounts, events, ledger, timeseries"):
        economy_run.nonexistent


def test_read_run_round_trip(economy_run, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(economy_run.path, copy)
    again = opgsim.read_run(copy)
    assert again.complete
    assert again.summary == economy_run.summary
    assert again.seed == 11
    assert again.scenario["duration_s"] == 600
    for name in economy_run.files:
        pd.testing.assert_frame_equal(again.table(name), economy_run.table(name))


def test_run_applies_set_and_seed(tmp_path):
    r = opgsim.run(ECONOMY, set={**SHORT, "economy.operators.min_active": 5, "economy.payments.type": "settlement"},
                   seed=5, out=tmp_path / "r")
    assert r.seed == 5
    assert r.scenario["economy"]["operators"]["min_active"] == 5
    assert r.scenario["economy"]["payments"]["type"] == "settlement"
    assert "payments_units" not in r.ledger.columns  # an x402 column: gone with direct payments


def test_a_bad_scenario_raises_the_binarys_one_line_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"extends": "%s", "duration_s": -5}' % ECONOMY)
    with pytest.raises(opgsim.OpgsimError) as e:
        opgsim.run(bad, out=tmp_path / "out")
    assert e.value.returncode == 2
    assert str(e.value).startswith(f"error: {bad}")
    assert "duration_s" in str(e.value)
    assert "\n" not in str(e.value)
    assert not (tmp_path / "out").exists()  # bad input: nothing written


def test_a_bad_set_and_a_missing_file_raise_too(tmp_path):
    with pytest.raises(opgsim.OpgsimError, match="economy.fees.no_such_field") as e:
        opgsim.run(ECONOMY, set={"economy.fees.no_such_field": 1}, out=tmp_path / "a")
    assert e.value.returncode == 2
    with pytest.raises(opgsim.OpgsimError, match="no-such-scenario.json") as e:
        opgsim.run(tmp_path / "no-such-scenario.json", out=tmp_path / "b")
    assert e.value.returncode == 2


def test_read_run_of_a_folder_that_is_no_run(tmp_path):
    with pytest.raises(opgsim.OpgsimError, match="not a run folder"):
        opgsim.read_run(tmp_path)


def test_the_binary_comes_from_opgsim_bin(monkeypatch, tmp_path):
    monkeypatch.setenv("OPGSIM_BIN", str(tmp_path / "nothing-here"))
    with pytest.raises(opgsim.OpgsimError, match="OPGSIM_BIN=.*nothing-here: not an executable file"):
        opgsim.run(ECONOMY)
    fake = tmp_path / "fake-opgsim"
    fake.write_text("#!/bin/sh\necho 'error: fake failure' >&2\nexit 2\n")
    fake.chmod(0o755)
    monkeypatch.setenv("OPGSIM_BIN", str(fake))
    with pytest.raises(opgsim.OpgsimError, match="^error: fake failure$"):
        opgsim.run(ECONOMY, out=tmp_path / "x")


# Two nodes (deterministic 1 s service) and 100 users for three hours in one-hour periods, in the
# long-horizon mode: its timeseries.csv has one row per period and columns of its own.
LONG = {
    "duration_s": 10800, "warmup_s": 0, "drain_s": 60, "seed": 1,
    "platform": {"regions": [{"name": "lab", "latency_s": 0.001, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 2, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "users", "rate_rps": None}, "timeout_s": 30,
                 "prompt_tokens": {"type": "constant", "value": 1000},
                 "output_tokens": {"type": "constant", "value": 100}},
    "economy": {"enabled": True, "epoch_s": 3600, "emissions": {"type": "none"},
                "users": {"initial_users": 100, "requests_per_user_per_s": 0.01, "retention_per_day": 1}},
}


def test_a_long_horizon_run_has_its_own_declared_column_types(tmp_path):
    import json
    scenario = dict(LONG, horizon={"days": 0.125, "period_s": 3600, "window_s": 300,
                                   "cache_dir": str(tmp_path / "cache")})
    (tmp_path / "long.json").write_text(json.dumps(scenario))
    run = opgsim.run(tmp_path / "long.json", out=tmp_path / "run")
    ts = run.timeseries
    assert len(ts) == 3
    for col in ts.columns:
        decl = _tables.column_type("timeseries.csv", col, "horizon")
        assert decl is not None, col
        want = {"int": "int64", "float": "float64", "text": "object"}[decl["type"]]
        assert str(ts[col].dtype) == want, (col, ts[col].dtype)
    assert list(ts["perf_source"]) == ["measured", "reused", "reused"]
    assert ts["active_users"].dtype == "int64" and (ts["active_users"] == 100).all()
    # 100 users at 0.01 requests/s for an hour offer 3,600 requests a period.
    assert (ts["offered"] == 3600).all()
    assert run.ledger["fees_units"].dtype == "int64" and len(run.ledger) == 3


def test_a_run_without_out_lives_in_a_folder_deleted_with_the_run():
    import gc
    r = opgsim.run(ECONOMY, set={"duration_s": 60, "drain_s": 10})
    folder = r.path
    assert folder.name.startswith("opgsim-run-") and (folder / "summary.json").is_file()
    assert r.summary["requests"]["completed"] > 0
    timeseries = r.timeseries  # read while the run lives; a DataFrame needs no folder afterwards
    del r
    gc.collect()
    assert not folder.exists()
    assert len(timeseries) > 0


def test_a_failed_run_without_out_leaves_no_folder(tmp_path, monkeypatch):
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(opgsim.OpgsimError):
        opgsim.run(ECONOMY, set={"duration_s": -5})
    assert list(tmp_path.iterdir()) == []
