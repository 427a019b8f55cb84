"""dist/ always holds a graph and a manifest of the same build, whatever step a build is killed at
(the finding: a kill between the two renames left the new graph served under the old content hash)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult, write_dist
from xwalk.errors import BuildMissing
from xwalk.store.dist import read_build


def variant(result: BuildResult, tag: str) -> BuildResult:
    """The same build with a different graph (a comment line), and a manifest that says so."""
    trig = result.trig + f"# {tag}\n".encode()
    digest = hashlib.sha256(trig).hexdigest()
    manifest = {**result.manifest, "content_hash": f"sha256:{digest}", "files": {"xwalk.trig": {"sha256": digest}}}
    return dataclasses.replace(result, trig=trig, manifest=manifest)


def consistent(dist: Path) -> str:
    manifest, trig = read_build(dist)
    assert manifest["content_hash"] == "sha256:" + hashlib.sha256(trig).hexdigest()
    # the fixed paths that docs and `oxigraph load` use show the same pair
    assert (dist / "xwalk.trig").read_bytes() == trig
    return str(manifest["content_hash"])


def leftovers(dist: Path) -> list[str]:
    return sorted(p.name for p in [*dist.iterdir(), *(dist / "builds").iterdir()] if p.name.startswith("."))


def test_build_rename_race(built: tuple[BuildResult, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = built[0]
    old, new = variant(result, "old"), variant(result, "new")
    write_dist(old, tmp_path)
    old_hash = consistent(tmp_path)
    real_replace, real_rename = os.replace, os.rename
    for fail_at in (1, 2):  # the rename of the staged build, then the switch of `current`: either may die
        calls = {"n": 0}

        def dying(
            src: object, dst: object, _real: object = real_replace, _at: int = fail_at, calls: dict[str, int] = calls
        ) -> None:
            calls["n"] += 1
            if calls["n"] == _at:
                raise OSError("killed here")
            _real(src, dst)  # type: ignore[operator]

        monkeypatch.setattr(os, "replace", dying)
        monkeypatch.setattr(os, "rename", dying)
        with pytest.raises(OSError, match="killed here"):
            write_dist(new, tmp_path)
        monkeypatch.setattr(os, "replace", real_replace)
        monkeypatch.setattr(os, "rename", real_rename)
        assert consistent(tmp_path) in (old_hash, new.manifest["content_hash"])
        write_dist(old, tmp_path)  # the next build commits and sweeps what the killed one left
        assert consistent(tmp_path) == old_hash
        assert leftovers(tmp_path) == []
        assert len(list((tmp_path / "builds").iterdir())) <= 2  # current, and the one before it


KILLER = """
import os, pickle, signal, sys
from pathlib import Path
from xwalk.build.pipeline import write_dist
result = pickle.loads(Path(sys.argv[1]).read_bytes())
at, n = int(sys.argv[3]), [0]
def hooked(real):
    def hook(src, dst):
        n[0] += 1
        if n[0] == at:
            os.kill(os.getpid(), signal.SIGKILL)
        real(src, dst)
    return hook
os.replace, os.rename = hooked(os.replace), hooked(os.rename)
write_dist(result, Path(sys.argv[2]))
"""


def test_build_killed_by_sigkill_leaves_a_consistent_dist(built: tuple[BuildResult, Path], tmp_path: Path) -> None:
    import pickle

    old, new = variant(built[0], "old"), variant(built[0], "new")
    dist = tmp_path / "dist"
    write_dist(old, dist)
    blob = tmp_path / "new.pickle"
    blob.write_bytes(pickle.dumps(new))
    for at in (1, 2):
        proc = subprocess.run([sys.executable, "-c", KILLER, str(blob), str(dist), str(at)], timeout=120)
        assert proc.returncode == -signal.SIGKILL
        assert consistent(dist) in (old.manifest["content_hash"], new.manifest["content_hash"])
    write_dist(old, dist)
    assert leftovers(dist) == []


def test_an_inconsistent_older_layout_is_refused(built: tuple[BuildResult, Path], tmp_path: Path) -> None:
    """Two plain files (the older layout) that do not belong together: refused, never served."""
    old, new = variant(built[0], "old"), variant(built[0], "new")
    write_dist(old, tmp_path / "a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "manifest.json").write_bytes((tmp_path / "a" / "manifest.json").read_bytes())
    (tmp_path / "b" / "xwalk.trig").write_bytes(new.trig)
    with pytest.raises(BuildMissing, match="inconsistent"):
        read_build(tmp_path / "b")
