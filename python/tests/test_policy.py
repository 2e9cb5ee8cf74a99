"""User policies in Python (opgsim.run(..., policy=fn)): the engine hands each epoch's snapshot to
the function over a pipe and applies its decisions, deterministically; bad decisions are one-line
errors (exit code 2); the policy's own exceptions reach the caller."""

import pytest

import opgsim
from conftest import ECONOMY

# Ten one-minute epochs of the small economy (one operator slot per inference node, users in cohorts).
TEN_EPOCHS = {"duration_s": 600, "drain_s": 60, "economy.epoch_s": 60}


class LeaveFirstTwo:
    """At the first epoch end, operators 0 and 1 leave; afterwards nobody moves."""

    def __init__(self):
        self.snapshots = []

    def __call__(self, snapshot):
        self.snapshots.append(snapshot)
        if len(self.snapshots) == 1:
            return [{"kind": "leave", "operator": 0}, {"kind": "leave", "operator": 1}, {"kind": "stay", "operator": 2}]
        return []


def test_a_policy_decides_which_operators_leave(tmp_path):
    policy = LeaveFirstTwo()
    r = opgsim.run(ECONOMY, set=TEN_EPOCHS, seed=3, out=tmp_path / "run", policy=policy)
    # One snapshot per epoch end (ten epochs), each at its epoch's end time.
    assert [s["t_s"] for s in policy.snapshots] == [60.0 * k for k in range(1, 11)]
    first = policy.snapshots[0]
    active_at_start = sum(1 for o in first["operators"] if o["state"] == "active")
    assert active_at_start >= 3
    assert len(first["operators"]) == r.manifest["scenario"]["roles"]["inference"]["count"]
    assert {"price_usd", "treasury_units", "users", "proposals"} <= set(first)
    # The built-in rule does not run: exactly the two the policy named left, nobody else.
    left = r.events[r.events["kind"] == "operator_left"]
    assert list(left["details"]) == ["reason=policy", "reason=policy"]
    assert [s["state"] for s in policy.snapshots[1]["operators"][:3]] == ["inactive", "inactive", "active"]
    assert r.summary["economy"]["end"]["operators_active"] == active_at_start - 2
    assert r.manifest["external_policy"]["exchanges"] == 10


def test_the_same_policy_on_the_same_seed_gives_the_same_run(tmp_path):
    a = opgsim.run(ECONOMY, set=TEN_EPOCHS, seed=3, out=tmp_path / "a", policy=LeaveFirstTwo())
    b = opgsim.run(ECONOMY, set=TEN_EPOCHS, seed=3, out=tmp_path / "b", policy=LeaveFirstTwo())
    for name in ["summary.json", "ledger.csv", "accounts.csv", "events.csv", "timeseries.csv"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_an_unknown_decision_is_a_one_line_error(tmp_path):
    with pytest.raises(opgsim.OpgsimError) as e:
        opgsim.run(ECONOMY, set=TEN_EPOCHS, out=tmp_path / "run", policy=lambda s: [{"kind": "fly"}])
    assert e.value.returncode == 2
    assert str(e.value) == ("error: policy reply at t=60 s: decisions[0].kind: unknown decision 'fly' "
                            "(stay, leave, join, grant, propose)")
    assert not (tmp_path / "run").exists()


def test_a_join_of_an_active_operator_is_refused(tmp_path):
    with pytest.raises(opgsim.OpgsimError, match=r"decisions\[0\]: operator 0 cannot join: it is active"):
        opgsim.run(ECONOMY, set=TEN_EPOCHS, out=tmp_path / "run", policy=lambda s: [{"kind": "join", "operator": 0}])


def test_the_policy_s_own_exception_reaches_the_caller(tmp_path):
    def broken(snapshot):
        raise ValueError("my policy is broken")

    with pytest.raises(ValueError, match="my policy is broken"):
        opgsim.run(ECONOMY, set=TEN_EPOCHS, out=tmp_path / "run", policy=broken)
    assert not (tmp_path / "run").exists()
