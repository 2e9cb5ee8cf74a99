"""opgsim.sweep and opgsim.read_sweep: the curve's shape and types, the runs behind it."""

import pandas as pd
import pytest

import opgsim
from conftest import ECONOMY, SHORT

FEE = "economy.fees.usd_per_million_output"


@pytest.fixture(scope="module")
def fee_sweep(tmp_path_factory):
    return opgsim.sweep(ECONOMY, params={FEE: [0.2, 2]}, replications=2, jobs=2, set=SHORT,
                        metrics=["economy.end.operators_active"], out=tmp_path_factory.mktemp("sweep") / "s")


def test_curve_has_a_row_per_value_and_every_replication_behind_it(fee_sweep):
    curve = fee_sweep.curve
    assert list(curve[FEE]) == [0.2, 2.0]
    assert curve[FEE].dtype == "float64"
    assert (curve["economy.end.operators_active_n"] == 2).all()
    assert curve["economy.end.operators_active_n"].dtype == "int64"
    assert curve["economy.end.operators_active_mean"].dtype == "float64"
    assert curve["throughput_rps_mean"].dtype == "float64"
    assert len(fee_sweep.runs) == len(curve) * 2  # values x replications


def test_runs_carry_their_point_and_their_mean_is_the_curve(fee_sweep):
    runs = fee_sweep.runs
    assert [(r.point, r.replication) for r in runs] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    for r in runs:
        assert r.complete
        assert r.scenario["economy"]["fees"]["usd_per_million_output"] == r.params[FEE]
        assert r.scenario["duration_s"] == 600
    assert runs[0].seed != runs[1].seed
    for point, row in fee_sweep.curve.iterrows():
        values = [r.summary["economy"]["end"]["operators_active"] for r in runs if r.point == point]
        assert row["economy.end.operators_active_mean"] == pytest.approx(sum(values) / len(values))


def test_replication_0_is_a_plain_run_with_the_scenarios_seed(fee_sweep, tmp_path):
    first = fee_sweep.runs[0]
    plain = opgsim.run(ECONOMY, set={**SHORT, FEE: 0.2}, seed=first.seed, out=tmp_path / "plain")
    assert plain.summary == first.summary
    pd.testing.assert_frame_equal(plain.ledger, first.ledger)


def test_read_sweep_round_trip(fee_sweep):
    again = opgsim.read_sweep(fee_sweep.path)
    pd.testing.assert_frame_equal(again.curve, fee_sweep.curve)
    assert [r.path for r in again.runs] == [r.path for r in fee_sweep.runs]
    assert again.spec["replications"] == 2


def test_bad_sweeps_raise(tmp_path):
    with pytest.raises(opgsim.OpgsimError, match="economy.fees.no_such_field") as e:
        opgsim.sweep(ECONOMY, params={"economy.fees.no_such_field": [1, 2]}, out=tmp_path / "a")
    assert e.value.returncode == 2
    assert not (tmp_path / "a" / "curve.csv").exists()
    with pytest.raises(ValueError, match="comma"):  # a list after a scalar: neither form holds it
        opgsim.sweep(ECONOMY, params={"x": [1, [1, 2]]})
    with pytest.raises(opgsim.OpgsimError, match="not a sweep folder"):
        opgsim.read_sweep(tmp_path)


def test_object_values_and_zip_groups(tmp_path):
    shares = [{"operator": 1}, {"operator": 0.5, "burn": 0.5}]
    s = opgsim.sweep(ECONOMY, params={"economy.fees.shares": shares, FEE: [0.2, 2],
                                      "economy.fees.usd_per_million_input": [0.04, 0.4]},
                     zip=[[FEE, "economy.fees.usd_per_million_input"]], set=SHORT,
                     metrics=["economy.totals.burned_opg"], out=tmp_path / "s")
    assert len(s.curve) == 4
    assert list(s.curve[FEE]) == [0.2, 2.0, 0.2, 2.0]
    assert list(s.curve["economy.fees.shares"])[1:3] == ['{"operator":1}', '{"burn":0.5,"operator":0.5}']
    assert [r.params[FEE] for r in s.runs] == [0.2, 2.0, 0.2, 2.0]
    assert s.curve["economy.totals.burned_opg_mean"][0] == 0
    assert s.curve["economy.totals.burned_opg_mean"][2] > 0


def test_a_sweep_without_out_is_deleted_after_its_last_run_is():
    import gc
    s = opgsim.sweep(ECONOMY, params={"duration_s": [60, 90]}, set={"drain_s": 10})
    folder = s.path
    assert folder.name.startswith("opgsim-sweep-") and (folder / "curve.csv").is_file()
    kept = s.runs[1]  # a Run taken out of the sweep keeps the folder as long as it lives
    del s
    gc.collect()
    assert folder.exists()
    assert kept.summary["requests"]["completed"] > 0
    del kept
    gc.collect()
    assert not folder.exists()
