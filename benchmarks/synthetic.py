"""A synthetic graph the size of the Secure Controls Framework's crosswalk, as a build directory.

About 50 frameworks, 20,000 provisions and 100,000 curated mappings (plus AI Act style obligations),
written as dist/xwalk.trig + dist/manifest.json into a directory, so `Settings(dist=...)` serves it
like a real build. Deterministic: the same seed gives the same bytes and content hash.

Seven of the frameworks carry the real framework ids (so CURIEs such as euaia:s-0001 resolve and a
profile can target them); the other 43 are `syn-07` ... `syn-49`. Each framework has 20 clauses of
19 controls. Mappings join provisions of two different frameworks, mostly within 12 "neighbour"
frameworks (crosswalks cluster); the relation mix follows the published crosswalks (intersects-with
the most common). The figures are about volume and shape, not content.

    .venv/bin/python benchmarks/synthetic.py [DIR]     # prints the counts and the content hash
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import tempfile
from pathlib import Path

from xwalk import vocab

FRAMEWORKS = 50
GROUPS, PER_GROUP = 20, 19  # 20 clauses x (1 + 19) = 400 provisions per framework, 20,000 in all
MAPPINGS = 100_000
SEED = 20261128
RELATIONS = (("equal", 10), ("subset-of", 20), ("superset-of", 20), ("intersects-with", 45), ("no-relationship", 5))
STATUSES = (("approved", 60), ("reviewed", 30), ("draft", 10))
ROLES = ("provider", "deployer", "operator")
RISKS = ("high-risk-annex-iii", "high-risk-annex-i", None)
DATES = ("2025-02-02", "2026-08-02", "2027-12-02", "2028-08-02")


def framework_ids() -> list[str]:
    real = sorted(vocab.FRAMEWORK_PREFIXES)
    return real + [f"syn-{n:02d}" for n in range(len(real), FRAMEWORKS)]


def local_ids() -> list[tuple[str, str | None, str]]:
    """(local id, parent local id, kind) of one framework, in document order."""
    out: list[tuple[str, str | None, str]] = []
    for g in range(1, GROUPS + 1):
        out.append((f"s-{g:02d}", None, "Clause"))
        out.extend((f"s-{g:02d}.{c:02d}", f"s-{g:02d}", "Control") for c in range(1, PER_GROUP + 1))
    return out


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def trig(seed: int = SEED) -> str:
    rng = random.Random(seed)
    fws = framework_ids()
    locals_ = local_ids()
    prov = [[vocab.provision_iri(fw, lid) for lid, _, _ in locals_] for fw in fws]
    out = ["".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(vocab.PREFIXES.items()))]
    for f, fw in enumerate(fws):
        lines = [
            f'<{vocab.framework_iri(fw)}> a xw:Framework ; dcterms:title "Synthetic {fw}"@en ; '
            f'rdfs:label "{fw}"@en ; dcterms:publisher "benchmark" ; owl:versionInfo "1" ; '
            f'dcterms:issued "2026-01-01"^^xsd:date ; rdfs:seeAlso <https://example.org/{fw}> ; '
            f"dcterms:license <https://creativecommons.org/licenses/by/4.0/> ."
        ]
        for order, (lid, parent, kind) in enumerate(locals_):
            node = f"<{prov[f][order]}>"
            part = f" ; xw:partOf <{vocab.provision_iri(fw, parent)}>" if parent else ""
            lines.append(
                f"{node} a xw:Provision, xw:{kind} ; xw:inFramework <{vocab.framework_iri(fw)}> ; "
                f'skos:notation "{lid}" ; skos:prefLabel "{kind} {lid} of {fw}"@en ; xw:order {order}{part} .'
            )
        if fw == "eu-ai-act":
            lines += _obligations(rng, prov[f])
        out.append(f"<{vocab.framework_graph(fw)}> {{\n" + "\n".join(lines) + "\n}\n")
    set_iri = vocab.mapping_set_iri("synthetic")
    lines = [
        f'<{set_iri}> a xw:MappingSet ; dcterms:title "Synthetic crosswalk"@en ; '
        f"dcterms:license <https://creativecommons.org/licenses/by/4.0/> ; "
        f"xw:sourceFramework <{vocab.framework_iri(fws[0])}> ; xw:targetFramework <{vocab.framework_iri(fws[1])}> ."
    ]
    seen: set[tuple[str, str]] = set()
    while len(seen) < MAPPINGS:
        a = rng.randrange(len(fws))
        b = (a + rng.randint(1, 12)) % len(fws)  # crosswalks cluster among neighbouring frameworks
        s, o = rng.choice(prov[a]), rng.choice(prov[b])
        if (s, o) in seen or (o, s) in seen:
            continue
        seen.add((s, o))
        rel = _pick(rng, RELATIONS)
        strength = 0 if rel == "no-relationship" else rng.randint(3, 10)
        m = f"<{set_iri}/{len(seen):06d}>"
        lines.append(
            f"{m} a xw:Mapping ; xw:inMappingSet <{set_iri}> ; xw:subject <{s}> ; xw:object <{o}> ; "
            f"xw:relation rel:{rel} ; xw:strength {strength} ; xw:status status:{_pick(rng, STATUSES)} ; "
            f"xw:mappingSource <{vocab.source_iri('synthetic')}> ."
        )
    out.append(f"<{vocab.mapping_set_graph('synthetic')}> {{\n" + "\n".join(lines) + "\n}\n")
    return "".join(out)


def _obligations(rng: random.Random, provisions: list[str]) -> list[str]:
    lines = []
    for n in range(160):
        p = provisions[1 + (n * 7) % (len(provisions) - 1)]
        role, risk, date = rng.choice(ROLES), rng.choice(RISKS), rng.choice(DATES)
        ob = f"<{vocab.ID}eu-ai-act/obligation/o-{n:03d}/{role}/{risk or 'any'}>"
        rule = f"<{vocab.ID}eu-ai-act/date/d-{date}>"
        lines.append(
            f"{ob} a xw:Obligation ; xw:imposedBy <{p}> ; xw:role role:{role} ; "
            f'xw:appliesFrom "{date}"^^xsd:date ; dcterms:description "Synthetic duty {n}."@en ; xw:dateRule {rule} .'
        )
        lines.append(f"{rule} dcterms:source <http://data.europa.eu/eli/reg/2024/1689/oj> .")
        if risk:
            lines.append(f"{ob} xw:riskClass risk:{risk} .")
    return lines


def write(dist: Path, seed: int = SEED) -> str:
    """Write a build directory (with the project's role and risk vocabularies); returns its content hash."""
    root = Path(__file__).resolve().parents[1]
    vocabs = "".join(
        f"<{vocab.ONTOLOGY_GRAPH}> {{\n{_body((root / 'ontology' / 'vocab' / name).read_text())}\n}}\n"
        for name in ("role.ttl", "risk.ttl")
    )
    text = (trig(seed) + _prefixes_of(root) + vocabs).encode()
    digest = "sha256:" + hashlib.sha256(text).hexdigest()
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "xwalk.trig").write_bytes(text)
    manifest = {"content_hash": digest, "xwalk_version": "benchmark", "frameworks": {}}
    (dist / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return digest


def _prefixes_of(root: Path) -> str:
    lines = []
    for name in ("role.ttl", "risk.ttl"):
        for line in (root / "ontology" / "vocab" / name).read_text().splitlines():
            if line.startswith("@prefix") and line not in lines:
                lines.append(line)
    return "\n".join(lines) + "\n"


def _body(turtle: str) -> str:
    return "\n".join(line for line in turtle.splitlines() if not line.startswith("@prefix"))


def main(argv: list[str]) -> int:
    dist = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="xwalk-synthetic-"))
    digest = write(dist)
    size = (dist / "xwalk.trig").stat().st_size
    print(f"wrote {dist / 'xwalk.trig'} ({size / 1e6:.1f} MB): {FRAMEWORKS} frameworks, ")
    print(f"  {FRAMEWORKS * GROUPS * (PER_GROUP + 1)} provisions, {MAPPINGS} mappings, content hash {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
