"""Shared fixtures of the Python package's tests: the package on sys.path (it is not installed),
the repository's scenarios, and one short economy run shared by the tests that only read it."""

import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parent.parent
REPO = PYTHON_DIR.parent
sys.path.insert(0, str(PYTHON_DIR))

import opgsim  # noqa: E402

# A small economy (12 operators, users arriving in cohorts, x402 payments, fees too low to cover
# GPU costs so that operators leave): every economy file is written. 10 simulated minutes.
ECONOMY = REPO / "scenarios" / "economy" / "fees-too-low.json"
SHORT = {"duration_s": 600, "drain_s": 60}


@pytest.fixture(scope="session")
def economy_run(tmp_path_factory):
    return opgsim.run(ECONOMY, set=SHORT, seed=11, out=tmp_path_factory.mktemp("economy") / "run")
