"""User policies in Python: opgsim.run(..., policy=fn) runs the binary with a pipe to `fn`.

At each epoch end where operators decide, the engine writes one JSON line, the snapshot, and waits
(in zero simulated time) for one JSON line of decisions; this module is the other end: it calls
`fn(snapshot)` and sends back what it returns. python/README.md ("User policies") documents the
snapshot's fields and the decisions. The same policy on the same seed gives the same run.
"""

import json
import os
import subprocess
import tempfile
from typing import Callable, Optional, Sequence

from opgsim._binary import OpgsimError, find_binary, one_line

Policy = Callable[[dict], Optional[Sequence[dict]]]


def call_with_policy(args: Sequence[str], policy: Policy) -> None:
    """Runs `opgsim ARGS... --policy-fd IN,OUT` with `policy` answering its snapshots.

    An exception raised by `policy` closes the pipe (the binary stops and leaves no output) and is
    raised again here; the binary's own failure raises OpgsimError with its one-line message.
    """
    snap_r, snap_w = os.pipe()  # the binary writes snapshots, we read them
    dec_r, dec_w = os.pipe()    # we write decisions, the binary reads them
    command = [find_binary(), *[str(a) for a in args], "--policy-fd", f"{dec_r},{snap_w}"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, pass_fds=(dec_r, snap_w))
        os.close(dec_r)
        os.close(snap_w)
        raised = None
        with os.fdopen(snap_r, "r") as snapshots, os.fdopen(dec_w, "w") as decisions:
            try:
                for line in snapshots:
                    reply = policy(json.loads(line))
                    decisions.write(json.dumps({"decisions": list(reply or [])}) + "\n")
                    decisions.flush()
            except BrokenPipeError:
                pass  # the binary stopped; its exit code says why
            except BaseException as e:  # noqa: BLE001 (the policy's own error, raised again below)
                raised = e
        code = proc.wait()
        if raised is not None:
            raise raised
        if code != 0:
            err.seek(0)
            text = err.read().decode(errors="replace")
            line = one_line(text) or f"opgsim exited with code {code} and printed nothing on standard error"
            raise OpgsimError(line, code, text, command)
