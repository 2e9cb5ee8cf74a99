"""Finding the opgsim binary and running it: every call of the package goes through `call`, which
turns a failed command into an OpgsimError carrying the binary's one-line message."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterable, Mapping, Optional, Sequence


class OpgsimError(RuntimeError):
    """The opgsim binary failed (or could not be found).

    str(error) is the binary's one-line message as it printed it (e.g. "error: x.json: ...").
    `returncode` is its exit code (2: bad input such as a bad scenario; 1: a run or sweep failed;
    3: an invariant failed; None when the binary was not found), `stderr` everything it printed
    on standard error, `command` the argument list it was called with.
    """

    def __init__(self, message: str, returncode: Optional[int] = None, stderr: str = "",
                 command: Sequence[str] = ()):
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.stderr = stderr
        self.command = list(command)


# python/opgsim/_binary.py -> the repository's root (the package lives in its python/ folder).
_REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def find_binary() -> str:
    """The opgsim binary: $OPGSIM_BIN, else the repository's build/opgsim, else `opgsim` on PATH."""
    env = os.environ.get("OPGSIM_BIN")
    if env:
        if not (os.path.isfile(env) and os.access(env, os.X_OK)):
            raise OpgsimError(f"OPGSIM_BIN={env}: not an executable file")
        return env
    built = _REPO_ROOT / "build" / "opgsim"
    if built.is_file() and os.access(built, os.X_OK):
        return str(built)
    on_path = shutil.which("opgsim")
    if on_path:
        return on_path
    raise OpgsimError("opgsim binary not found: set OPGSIM_BIN, build the repository (bash setup.sh build) "
                      "or put opgsim on PATH")


def set_value(value) -> str:
    """A Python value as `--set path=VALUE` takes it: JSON, or a bare string."""
    if isinstance(value, str):
        return value
    return json.dumps(value)


def set_args(sets: Optional[Mapping[str, object]]) -> list:
    args = []
    for path, value in (sets or {}).items():
        args += ["--set", f"{path}={set_value(value)}"]
    return args


def cfg_args(cfg: Optional[Iterable[str]]) -> list:
    args = []
    for c in cfg or ():
        args += ["--cfg", c]
    return args


def one_line(stderr: str) -> str:
    """The binary's error line: the first line that says error, else the last line it printed."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("error") or line.startswith("internal error") or "error:" in line:
            return line
    return lines[-1] if lines else ""


def call(args: Sequence[str]) -> subprocess.CompletedProcess:
    """Runs `opgsim ARGS...`, returns the completed process; raises OpgsimError on a non-zero exit."""
    command = [find_binary(), *[str(a) for a in args]]
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        line = one_line(proc.stderr)
        if not line:
            line = f"opgsim exited with code {proc.returncode} and printed nothing on standard error"
        if proc.returncode < 0:
            line += f" (killed by signal {-proc.returncode})"
        raise OpgsimError(line, proc.returncode, proc.stderr, command)
    return proc
