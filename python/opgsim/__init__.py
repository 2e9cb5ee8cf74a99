"""opgsim from Python: run scenarios and sweeps through the opgsim binary and read their outputs as
pandas DataFrames with typed columns (python/README.md documents every field).

    import opgsim
    r = opgsim.run("scenarios/economy/fees-too-low.json", set={"duration_s": 600}, seed=7)
    r.summary["economy"]["end"]["operators_active"]   # a number
    r.ledger["treasury_units"]                        # int64 base units; r.ledger["treasury_opg"] in OPG
    s = opgsim.sweep("scenarios/baseline.json", params={"workload.arrivals.rate_rps": [50, 100]})
    s.curve                                           # one row per point

The binary is $OPGSIM_BIN, else the repository's build/opgsim, else `opgsim` on PATH.
"""

from opgsim._binary import OpgsimError, find_binary
from opgsim._tables import UNITS_PER_OPG
from opgsim.run import Run, read_run, run
from opgsim.sweep import Sweep, read_sweep, sweep

__all__ = ["OpgsimError", "Run", "Sweep", "UNITS_PER_OPG", "find_binary", "read_run", "read_sweep", "run", "sweep"]
