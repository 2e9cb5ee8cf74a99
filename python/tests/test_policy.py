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
                            "(stay, leave, join, grant, propose, vote)")
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


# The small economy with governance on and a three-minute voting period: a proposal the policy
# makes at t=60 s is open at t=120 s and tallied at t=240 s, inside the ten epochs.
GOVERNED = {**TEN_EPOCHS, "economy.governance.enabled": True, "economy.governance.voting_period_s": 180}


class ProposeThenVote:
    """At t=60 s proposes doubling the fee; at t=120 s every active operator votes `support` on it."""

    def __init__(self, support):
        self.support = support
        self.snapshots = []

    def __call__(self, snapshot):
        self.snapshots.append(snapshot)
        if snapshot["t_s"] == 60:
            return [{"kind": "propose", "proposal": "set_fee", "value": 2.0}]
        if snapshot["t_s"] == 120:
            (p,) = snapshot["proposals"]
            return [{"kind": "vote", "proposal": p["id"], "operator": o["id"], "support": self.support}
                    for o in snapshot["operators"] if o["state"] == "active"]
        return []


def test_a_policy_votes_on_its_proposal_and_the_vote_decides_it(tmp_path):
    yes_policy = ProposeThenVote("yes")
    yes = opgsim.run(ECONOMY, set=GOVERNED, seed=3, out=tmp_path / "yes", policy=yes_policy)
    no = opgsim.run(ECONOMY, set=GOVERNED, seed=3, out=tmp_path / "no", policy=ProposeThenVote("no"))
    # The snapshot names the proposal's kind, its rule and its votes so far.
    at_120 = yes_policy.snapshots[1]["proposals"]
    assert [(p["id"], p["kind"], p["reason"], p["value"], p["yes_units"]) for p in at_120] == [(0, "set_fee", "policy", 2.0, 0)]
    assert at_120[0]["voting_ends_s"] == 240.0
    # At t=180 s the operators' votes are counted, stake-weighted.
    at_180 = yes_policy.snapshots[2]["proposals"][0]
    active = [o for o in yes_policy.snapshots[1]["operators"] if o["state"] == "active"]
    cast = yes.events[yes.events["kind"] == "vote_cast"]
    assert len(cast) == len(active) and all(d.startswith("id=0 support=yes") for d in cast["details"])
    assert list(cast["amount_units"]) == [o["stake_units"] for o in active]
    assert at_180["yes_units"] >= sum(o["stake_units"] for o in active) > 0
    # The operators hold the stake: their vote carries the tally either way.
    assert list(yes.events[yes.events["kind"].str.startswith("proposal_")]["kind"]) == [
        "proposal_submitted", "proposal_passed", "proposal_executed"]
    assert list(no.events[no.events["kind"].str.startswith("proposal_")]["kind"]) == [
        "proposal_submitted", "proposal_rejected"]
    tally = dict(kv.split("=") for kv in no.events[no.events["kind"] == "vote_tally"]["details"].iloc[0].split())
    assert int(tally["no_units"]) >= sum(o["stake_units"] for o in active)
    # Counted once: the built-in rule at the period's end skips the voters the policy cast for.
    assert int(tally["no_units"]) + int(tally["yes_units"]) + int(tally["abstain_units"]) <= int(tally["bonded_units"])


@pytest.mark.parametrize("scenario_set, decisions, message", [
    (GOVERNED, [{"kind": "vote", "proposal": 7, "operator": 0, "support": "yes"}],
     "error: policy reply at t=60 s: decisions[0].proposal: unknown proposal 7 (none is open)"),
    (TEN_EPOCHS, [{"kind": "vote", "proposal": 0, "operator": 0, "support": "yes"}],
     "error: policy reply at t=60 s: decisions[0]: a vote needs economy.governance.enabled"),
    (GOVERNED, [{"kind": "vote", "proposal": "0", "operator": 0, "support": "yes"}],
     "error: policy reply at t=60 s: decisions[0].proposal: expected a proposal id (none is open)"),
    (GOVERNED, [{"kind": "vote", "proposal": 0, "operator": 99, "support": "yes"}],
     "error: policy reply at t=60 s: decisions[0].operator: expected an operator id from 0 to 11"),
])
def test_a_bad_vote_is_a_one_line_error(tmp_path, scenario_set, decisions, message):
    with pytest.raises(opgsim.OpgsimError) as e:
        opgsim.run(ECONOMY, set=scenario_set, out=tmp_path / "run", policy=lambda s: decisions)
    assert e.value.returncode == 2
    assert str(e.value) == message
    assert not (tmp_path / "run").exists()


class VoteBadly:
    """Proposes at t=60 s, then at `when` replies `decisions(proposal id, active operator ids)`."""

    def __init__(self, when, decisions):
        self.when, self.decisions = when, decisions

    def __call__(self, snapshot):
        if snapshot["t_s"] == 60:
            return [{"kind": "propose", "proposal": "set_reward_rate", "value": 1.5}]
        if snapshot["t_s"] == self.when:
            active = [o["id"] for o in snapshot["operators"] if o["state"] == "active"]
            return self.decisions(0, active)
        return []


@pytest.mark.parametrize("when, decisions, message", [
    (120, lambda p, ops: [{"kind": "vote", "proposal": p, "operator": ops[0], "support": "maybe"}],
     'decisions[0].support: expected "yes", "no" or "abstain"'),
    (120, lambda p, ops: [{"kind": "vote", "proposal": p, "operator": ops[0], "support": "yes"},
                          {"kind": "vote", "proposal": p, "operator": ops[0], "support": "no"}],
     "decisions[1]: operator {op} already voted on proposal 0 (one vote per voter)"),
    (180, lambda p, ops: [{"kind": "vote", "proposal": p + 1, "operator": ops[0], "support": "yes"}],
     "decisions[0].proposal: unknown proposal 1 (open: 0)"),
    (300, lambda p, ops: [{"kind": "vote", "proposal": p, "operator": ops[0], "support": "yes"}],
     "decisions[0].proposal: proposal 0 is closed (its voting ended at t=240 s; none is open)"),
])
def test_a_vote_on_the_wrong_proposal_or_twice_is_refused(tmp_path, when, decisions, message):
    policy = VoteBadly(when, decisions)
    with pytest.raises(opgsim.OpgsimError) as e:
        opgsim.run(ECONOMY, set=GOVERNED, seed=3, out=tmp_path / "run", policy=policy)
    assert e.value.returncode == 2
    first_active = 0  # fees-too-low's operators are all active until the policy says otherwise
    assert str(e.value) == f"error: policy reply at t={when} s: " + message.format(op=first_active)
