"""A user's own crosswalk project (`xwalk init`): their mapping sets, catalogs and obligations on top of the
bundled data, without forking it. The build reads one merged tree, written to PROJECT/.xwalk/sources, so
every rule, check and message is the same as for the bundled sources (paths read as in the project)."""

from __future__ import annotations

import shutil
from pathlib import Path

from xwalk.config import BUNDLED_DIRS, MARKER
from xwalk.errors import Problem, SourceErrors

KINDS = ("frameworks", "mappings", "obligations")
STAGING = Path(".xwalk") / "sources"


def is_project(root: Path) -> bool:
    return (root / MARKER).is_file()


def own_files(project: Path, kind: str) -> list[Path]:
    return sorted(p for p in (project / "crosswalks" / kind).glob("*") if p.is_file())


def materialise(project: Path, base: Path) -> Path:
    """The bundled sources with the project's own added; a project file may not replace a bundled one."""
    out = project / STAGING
    problems = [
        Problem(
            f"crosswalks/{kind}/{f.name}",
            1,
            "shadows-bundled",
            f"{f.name} has the name of a bundled {kind[:-1]} file, which a project extends but never replaces.",
            "give your file a name of its own (mapping sets: <subject>--<object>-<your-suffix>.sssom.tsv).",
        )
        for kind in KINDS
        for f in own_files(project, kind)
        if (base / "crosswalks" / kind / f.name).exists()
    ]
    if problems:
        raise SourceErrors(problems)
    shutil.rmtree(out, ignore_errors=True)
    for sub in BUNDLED_DIRS:
        shutil.copytree(base / sub, out / sub)
    for kind in KINDS:
        for f in own_files(project, kind):
            (out / "crosswalks" / kind).mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, out / "crosswalks" / kind / f.name)
    own_sources = project / "crosswalks" / "sources.yaml"
    if own_sources.is_file():
        # Both files are YAML lists of documents: one after the other is the list of both.
        merged = (base / "crosswalks" / "sources.yaml").read_text(encoding="utf-8").rstrip("\n") + "\n"
        merged += f"# --- the project's own documents ({own_sources.name}) ---\n"
        merged += own_sources.read_text(encoding="utf-8")
        (out / "crosswalks" / "sources.yaml").write_text(merged, encoding="utf-8")
    return out


def sources_root(root: Path, base: Path | None) -> Path:
    """The tree the build reads: ROOT itself, or for a project the merged tree."""
    if not is_project(root):
        return root
    if base is None:
        raise SourceErrors(
            [Problem(MARKER, 1, "no-bundled-data", "this project extends the bundled data, which this install lacks.",
                     "reinstall xwalk (pip install xwalk) so it carries its data.")]
        )
    return materialise(root, base)


def own_mapping_sets(root: Path, sources: Path) -> list[Path]:
    """A project's own sets, as copied into the merged tree (so messages name crosswalks/mappings/...)."""
    return [sources / "crosswalks" / "mappings" / f.name for f in own_files(root, "mappings")]
