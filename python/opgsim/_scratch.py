"""A run or sweep folder made for one call (`run` or `sweep` without `out`): removed once nothing
refers to it any more, so a notebook that runs a thousand scenarios does not fill the temporary
directory. Every Run and Sweep read from such a folder holds it, so a Run taken out of a Sweep keeps
the folder alive as long as the Run lives."""

from __future__ import annotations

import shutil
import tempfile
import weakref
from pathlib import Path


class ScratchFolder:
    """A new folder under the system's temporary directory, deleted with the last reference."""

    def __init__(self, prefix: str):
        self.path = Path(tempfile.mkdtemp(prefix=prefix))
        self._remove = weakref.finalize(self, shutil.rmtree, str(self.path), True)

    def remove(self) -> None:
        """Deletes the folder now (a failed call leaves nothing behind)."""
        self._remove()
