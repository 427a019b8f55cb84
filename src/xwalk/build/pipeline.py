"""`xwalk build`: read -> check -> rdfize -> derive -> validate -> write dist/ atomically."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from xwalk import __version__, vocab
from xwalk.build.catalogs import read_catalogs
from xwalk.build.derive import DeriveResult, derive, derived_quads
from xwalk.build.evidence import evidence_quads, read_evidence_tables
from xwalk.build.rdfize import catalog_quads, mapping_set_quads
from xwalk.build.sssom import read_mapping_sets
from xwalk.build.trig import write_trig
from xwalk.build.validate import Violation, validate
from xwalk.errors import Problem, ValidationFailed
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import STATUS_RANK, MappingSet

TRIG = "xwalk.trig"
MANIFEST = "manifest.json"
# SHACL over every derived mapping would cost more than the rest of the build; the derive step
# is code, not data, so a fixed sample (the first N by IRI order of pairs) is validated with the
# curated graph, and tests/test_derive.py validates a whole small derived graph.
DERIVED_SHACL_SAMPLE = 50
log = logging.getLogger("xwalk.build")


@dataclass
class BuildResult:
    trig: bytes
    manifest: dict[str, object]
    catalogs: Catalogs
    mapping_sets: list[MappingSet] = field(default_factory=list)
    # Problems tolerated in sets that transcribe a document as published (rows skipped or kept).
    warnings: list[Problem] = field(default_factory=list)
    derived: DeriveResult | None = None

    @property
    def content_hash(self) -> str:
        return str(self.manifest["content_hash"])


def ontology_quads(root: Path) -> list[ox.Quad]:
    """The ontology and vocabularies, blank nodes canonicalised (RDFC-1.0) for stable output."""
    ds = ox.Dataset()
    graph = ox.NamedNode(vocab.ONTOLOGY_GRAPH)
    paths = [root / "ontology" / "xwalk.ttl", *sorted((root / "ontology" / "vocab").glob("*.ttl"))]
    for path in paths:
        if path.exists():
            for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                ds.add(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(ds)


def select_status(sets: list[MappingSet], min_status: str | None) -> list[MappingSet]:
    if min_status is None:
        return sets
    floor = STATUS_RANK[min_status]
    return [
        MappingSet(**{**ms.__dict__, "mappings": tuple(m for m in ms.mappings if STATUS_RANK[m.status] >= floor)})
        for ms in sets
    ]


def origins_of(catalogs: Catalogs, sets: list[MappingSet]) -> dict[str, str]:
    out: dict[str, str] = {}
    for fw in catalogs.frameworks.values():
        out[vocab.framework_iri(fw.id)] = f"{fw.file}:1"
        for p in fw.provisions:
            out[vocab.provision_iri(fw.id, p.local_id)] = f"{fw.file}:{p.line}"
    for oc in catalogs.obligations.values():
        for ob in oc.obligations:
            out[f"{vocab.ID}{oc.framework}/{ob.local_id}"] = f"{oc.file}:{ob.line}"
    for ms in sets:
        out[vocab.mapping_set_iri(ms.id)] = f"{ms.file}:1"
        for m in ms.mappings:
            out[f"{vocab.mapping_set_iri(ms.id)}/{m.key}"] = f"{ms.file}:{m.line}"
    return out


def _sources_digest(root: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for sub in ("crosswalks", "ontology"):
        for path in sorted((root / sub).rglob("*")):
            if path.is_file():
                out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def known_defects(warnings: list[Problem]) -> str:
    """One line for the defects the as-published sets keep on purpose (each is listed by `xwalk check`)."""
    per_file: dict[str, Counter[str]] = {}
    for w in warnings:
        per_file.setdefault(Path(w.file).name.removesuffix(".sssom.tsv"), Counter())[w.rule] += 1
    parts = [
        f"{name}: " + ", ".join(f"{n} {rule}" for rule, n in sorted(rules.items()))
        for name, rules in sorted(per_file.items())
    ]
    return (
        f"note: {len(warnings)} known defect(s) kept in as-published set(s), as the publisher wrote them "
        f"({'; '.join(parts)}); `xwalk check` lists them"
    )


def build(root: Path, *, min_status: str | None = None) -> BuildResult:
    """Everything up to the bytes of dist/; raises on any source or validation defect."""
    catalogs = read_catalogs(root)
    warnings: list[Problem] = []
    sets = select_status(read_mapping_sets(root, catalogs, warnings=warnings), min_status)
    for w in warnings:
        log.debug("warning: %s", w)
    if warnings:
        log.warning("%s", known_defects(warnings))
    quads = ontology_quads(root) + catalog_quads(catalogs) + evidence_quads(read_evidence_tables(root, catalogs))
    for ms in sets:
        quads.extend(mapping_set_quads(ms))
    derived = derive(sets)
    sample = DeriveResult(derived.derived[:DERIVED_SHACL_SAMPLE], derived.pairs_found, derived.capped)
    violations: list[Violation] = validate(root, quads + derived_quads(sample), origins_of(catalogs, sets))
    if violations:
        raise ValidationFailed(
            f"{len(violations)} violation(s) in the built graph:\n" + "\n".join(str(v) for v in violations),
            extra={"violations": [v.__dict__ for v in violations]},
        )
    quads.extend(derived_quads(derived))
    trig = write_trig(quads)
    graphs: dict[str, int] = {}
    for q in quads:
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        graphs[g] = graphs.get(g, 0) + 1
    manifest: dict[str, object] = {
        "xwalk_version": __version__,
        "content_hash": "sha256:" + hashlib.sha256(trig).hexdigest(),
        "min_status": min_status,
        "files": {TRIG: {"sha256": hashlib.sha256(trig).hexdigest(), "bytes": len(trig)}},
        "graphs": dict(sorted(graphs.items())),
        "frameworks": {
            fw.id: {"version": fw.version, "provisions": len(fw.provisions)}
            for fw in sorted(catalogs.frameworks.values(), key=lambda f: f.id)
        },
        "mapping_sets": {ms.id: len(ms.mappings) for ms in sorted(sets, key=lambda s: s.id)},
        "derived": {
            "mappings": len(derived.derived),
            "pairs_found": derived.pairs_found,
            "capped": derived.capped,
            "shacl_sample": min(DERIVED_SHACL_SAMPLE, len(derived.derived)),
        },
        "sources": _sources_digest(root),
    }
    return BuildResult(trig, manifest, catalogs, sets, warnings, derived)


CURRENT = "current"  # dist/current -> builds/<id>: the one switch that commits a build
BUILDS = "builds"


def write_dist(result: BuildResult, dist: Path) -> None:
    """Commit a build to dist/ so that readers always see a graph and a manifest of the same build.

    The two files go into a fresh dist/builds/<id>/, then one atomic rename points dist/current at
    it; dist/xwalk.trig and dist/manifest.json are fixed links through `current`. A build killed at any
    step leaves the previous one in place, and its leftovers are removed by the next build."""
    builds = dist / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(dist)
    payloads = {
        TRIG: result.trig,
        MANIFEST: (json.dumps(result.manifest, indent=2, sort_keys=True) + "\n").encode(),
    }
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=builds))
    for name, data in payloads.items():
        with (staging / name).open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    os.chmod(staging, 0o755)
    build_id = f"{str(result.manifest['content_hash']).removeprefix('sha256:')[:16]}-{staging.name[5:]}"
    final = builds / build_id
    os.rename(staging, final)
    link = dist / f".{CURRENT}.{build_id}"
    os.symlink(f"{BUILDS}/{build_id}", link)
    current = dist / CURRENT
    if current.is_dir() and not current.is_symlink():
        # a dist/ copied by a tool that follows links (cp -r, shutil.copytree): set the copy aside as a
        # leftover, so that `current` can become the link again; the next clean-up removes it
        os.rename(current, builds / f".tmp-copied-{build_id}")
    os.replace(link, current)  # the commit point
    for name in payloads:  # fixed links through `current` (replacing files of the older layout)
        target = dist / name
        if not (target.is_symlink() and os.readlink(target) == f"{CURRENT}/{name}"):
            tmp = dist / f".{name}.{build_id}"
            os.symlink(f"{CURRENT}/{name}", tmp)
            os.replace(tmp, target)
    _clean_leftovers(dist, keep_previous=True)


def _clean_leftovers(dist: Path, *, keep_previous: bool = False) -> None:
    """Remove staging dirs and links of killed builds, and builds older than the current one and
    (while readers may still hold it) the one before it."""
    import shutil

    builds = dist / BUILDS
    current = os.readlink(dist / CURRENT).rsplit("/", 1)[-1] if (dist / CURRENT).is_symlink() else None
    for leftover in [*dist.glob(f".{CURRENT}.*"), *dist.glob(f".{TRIG}.*"), *dist.glob(f".{MANIFEST}.*")]:
        leftover.unlink(missing_ok=True)
    entries = sorted(builds.iterdir(), key=lambda p: p.stat().st_mtime) if builds.is_dir() else []
    done = [p for p in entries if not p.name.startswith(".") and p.name != current]
    stale = [p for p in entries if p.name.startswith(".tmp-")]
    if keep_previous and done:
        done = done[:-1]
    for path in [*stale, *done]:
        shutil.rmtree(path, ignore_errors=True)
