"""Output files of the CLI: written whole or not at all, with a one-line error for a path that cannot be one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from xwalk.errors import InputError


def write_whole(out: Path, data: bytes) -> None:
    """Write `out` through a temporary file beside it, renamed into place: a failed write leaves the old
    file (or none) and no temporary behind. A missing directory is made; a directory is refused."""
    if out.is_dir():
        raise InputError(f"{out} is a directory; -o names the file to write.")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
