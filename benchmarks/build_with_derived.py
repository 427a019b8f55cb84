"""How long `xwalk build` takes, and how large the derived graph grows, on a realistic volume.

The curated sets are still being written, so this makes a scratch copy of the project and adds
three generated sets with the size and relation mix of the published crosswalks the project is
curating (ISO/IEC 27001:2013 -> 2022, NIST CSF 2.0 -> ISO/IEC 27001:2022, NIST AI RMF ->
ISO/IEC 42001), read from ../shared/reference when it is there. The relations are a stand-in
(equal for one-to-one rows, subset-of for many-to-one, intersects-with otherwise), so the
figures are about volume, not about the content.

    .venv/bin/python benchmarks/build_with_derived.py
"""

from __future__ import annotations

import csv
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from xwalk.build.catalogs import read_catalogs
from xwalk.build.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT.parent / "shared" / "reference"
HEAD = """#mapping_set_id: https://w3id.org/xwalk/mappings/{id}
#mapping_set_title: benchmark {id}
#license: https://creativecommons.org/licenses/by/4.0/
#creator_id:
#  - https://w3id.org/xwalk/team
#subject_source: https://w3id.org/xwalk/fw/{sfw}
#object_source: https://w3id.org/xwalk/fw/{ofw}
subject_id\tpredicate_id\tpredicate_modifier\tobject_id\tmapping_justification\trelation\tstrength\trationale\tstatus\tsource
"""
SKOS = {"equal": "skos:exactMatch", "subset-of": "skos:broadMatch", "intersects-with": "skos:relatedMatch"}


def write_set(path: Path, set_id: str, sfw: str, ofw: str, pairs: list[tuple[str, str]]) -> int:
    pairs = sorted(set(pairs))
    fan_in = Counter(o for _, o in pairs)
    fan_out = Counter(s for s, _ in pairs)
    lines = []
    for s, o in pairs:
        rel = "equal" if fan_in[o] == 1 and fan_out[s] == 1 else "subset-of" if fan_out[s] == 1 else "intersects-with"
        lines.append(
            f"{s}\t{SKOS[rel]}\t\t{o}\tsemapv:ManualMappingCuration\t{rel}\t7\tsemantic\treviewed\txwalk-curation"
        )
    (path / f"{set_id}.sssom.tsv").write_text(HEAD.format(id=set_id, sfw=sfw, ofw=ofw) + "\n".join(lines) + "\n")
    return len(lines)


def main() -> None:
    if not REF.is_dir():
        sys.exit("needs ../shared/reference")
    tmp = Path(tempfile.mkdtemp())
    for sub in ("ontology", "queries", "crosswalks"):
        shutil.copytree(ROOT / sub, tmp / sub)
    out = tmp / "crosswalks" / "mappings"
    catalogs = read_catalogs(tmp)

    def ok(fw: str, local: str) -> bool:
        return catalogs.provision(fw, local) is not None

    with open(REF / "iso27001" / "iso27001-annexA-2013-to-2022.csv") as fh:
        p1 = [(f"iso27001-2013:{r['control_2013']}", f"iso27001:{r['control_2022']}") for r in csv.DictReader(fh)]
    p1 = [
        (s, o) for s, o in p1 if ok("iso-iec-27001-2013", s.split(":")[1]) and ok("iso-iec-27001-2022", o.split(":")[1])
    ]
    with open(REF / "crosswalks" / "nist-csf-2.0_to_iso27001-2022_informative-references.csv") as fh:
        p2 = [(f"csf2:{r['csf_subcategory']}", f"iso27001:{r['iso_ref']}") for r in csv.DictReader(fh)]
    p2 = [(s, o) for s, o in p2 if ok("nist-csf-2.0", s.split(":")[1]) and ok("iso-iec-27001-2022", o.split(":")[1])]
    with open(REF / "crosswalks" / "nist-ai-rmf_to_iso42001-fdis_pairs.csv") as fh:
        rows = list(csv.DictReader(fh))
    p3 = []
    for r in rows:
        target = r["annexA_equivalent_by_renumbering"] or r["iso42001_fdis_ref"]
        p3.append((f"airmf:{r['ai_rmf_subcategory'].replace(' ', '-')}", f"iso42001:{target}"))
    p3 = [(s, o) for s, o in p3 if ok("nist-ai-rmf-1.0", s.split(":")[1]) and ok("iso-iec-42001-2023", o.split(":")[1])]
    n = write_set(out, "bench-27001-2013-2022", "iso-iec-27001-2013", "iso-iec-27001-2022", p1)
    n += write_set(out, "bench-csf-27001", "nist-csf-2.0", "iso-iec-27001-2022", p2)
    n += write_set(out, "bench-airmf-42001", "nist-ai-rmf-1.0", "iso-iec-42001-2023", p3)
    started = time.perf_counter()
    result = build(tmp)
    took = time.perf_counter() - started
    curated = sum(len(ms.mappings) for ms in result.mapping_sets)
    print(f"curated mappings: {curated} ({n} generated)")
    print(f"derived: {result.manifest['derived']}")
    print(f"triples: {sum(result.manifest['graphs'].values())}; trig {len(result.trig)} bytes")  # type: ignore[union-attr]
    print(f"build: {took:.1f} s")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
