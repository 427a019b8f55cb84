"""The identifier forms real files use for our frameworks' provisions, and their translation.

One small table per framework, each entry a pattern seen in a real file and how it becomes the
catalog's local id. Seen in: OSCAL content (oscal-compass/oscal-content mapping collections:
`GV-1.1`, `iso-iec-42001_4-1`, `iso-iec-42001_B-2-2`), NIST's crosswalks and OLIR entries
(`GOVERN 1.1`, `GV.OC-01`), NIST's OSCAL CSF 2.0 catalog (`gv.oc-01`). ISO/IEC 42001 Annex B
is the implementation guidance for the Annex A control of the same number, so `B.x.y` reads as
`A.x.y` (the curated NIST set records it the same way). An id that matches no form and is not a
catalog id is reported with the forms known, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from xwalk.model.catalog import Catalogs
from xwalk.model.ids import ProvisionId, parse_curie

AI_RMF_FUNCTIONS = {"GV": "GOVERN", "MP": "MAP", "MS": "MEASURE", "MG": "MANAGE"}


def _ai_rmf(m: re.Match[str]) -> str:
    fn = m.group("fn").upper()
    fn = AI_RMF_FUNCTIONS.get(fn, fn)
    return fn + (f"-{m.group('rest')}" if m.group("rest") else "")


def _iso(m: re.Match[str]) -> str:
    annex = (m.group("annex") or "").upper()
    parts = re.split(r"[-._]", m.group("num"))
    if annex == "B":  # implementation guidance B.x.y -> the control A.x.y
        annex = "A"
    return ".".join(([annex] if annex else []) + parts)


Form = tuple[str, re.Pattern[str], Callable[[re.Match[str]], str]]

ISO_FORM = r"^(?:iso[-_]?iec[-_]?\d{5}[-_:](?:\d{4}[-_:])?)?(?:(?P<annex>[ABab])[-._])?(?P<num>\d+(?:[-._]\d+)*)$"
FORMS: dict[str, list[Form]] = {
    "nist-ai-rmf-1.0": [
        (
            "GV-1.1 / GOVERN 1.1 / govern-1.1",
            re.compile(r"^(?P<fn>GV|MP|MS|MG|GOVERN|MAP|MEASURE|MANAGE)(?:[-_ ](?P<rest>\d+(?:\.\d+)?))?$", re.I),
            _ai_rmf,
        ),
    ],
    "nist-csf-2.0": [
        (
            "GV.OC-01 / gv.oc-01 / GV.OC-1",
            re.compile(r"^(?P<f>[a-z]{2})(?:\.(?P<c>[a-z]{2})(?:-(?P<n>\d{1,2}))?)?$", re.I),
            lambda m: (
                m.group("f").upper()
                + (f".{m.group('c').upper()}" if m.group("c") else "")
                + (f"-{int(m.group('n')):02d}" if m.group("n") else "")
            ),
        ),
    ],
}
for _fw in ("iso-iec-42001-2023", "iso-iec-27001-2022", "iso-iec-27001-2013"):
    FORMS[_fw] = [
        ("4.1 / A.5.1 / iso-iec-42001_4-1 / iso-iec-42001_B-2-2 (Annex B as A)", re.compile(ISO_FORM, re.I), _iso)
    ]


def candidates(framework: str, raw: str) -> list[str]:
    """Local ids `raw` may stand for, the verbatim id first."""
    raw = raw.strip()
    out = [raw]
    for _name, pattern, rewrite in FORMS.get(framework, []):
        m = pattern.match(raw)
        if m:
            local = rewrite(m)
            if local not in out:
                out.append(local)
    return out


def resolve_in_catalog(ref: str, framework: str | None, catalogs: Catalogs) -> ProvisionId | None:
    """A CURIE or IRI, or an id in one of the forms above that the catalog holds. A plain id in no
    known form comes back as it is (the build's re-check reports it, with the closest ids); an id
    that a form rewrote but the catalog lacks, or one with spaces, is None (the caller reports it)."""
    ref = ref.strip()
    pid = parse_curie(ref)
    if pid is not None or framework is None:
        return pid
    tried = candidates(framework, ref)
    for local in tried:
        if catalogs.provision(framework, local) is not None:
            return ProvisionId(framework, local)
    return ProvisionId(framework, ref) if tried == [ref] and ref and " " not in ref else None


def known_forms(framework: str) -> str:
    return "; ".join(name for name, _p, _r in FORMS.get(framework, [])) or "the catalog's own local ids"


# OSCAL catalogs' href -> our framework (oscal-compass/oscal-content's catalog folder names)
HREF_FRAMEWORKS = (
    (re.compile(r"nist[-_]?ai[-_]?rmf", re.I), "nist-ai-rmf-1.0"),
    (re.compile(r"iso[-_]?iec[-_]?42001", re.I), "iso-iec-42001-2023"),
    (re.compile(r"iso[-_]?iec[-_]?27001[-_]?2013", re.I), "iso-iec-27001-2013"),
    (re.compile(r"iso[-_]?iec[-_]?27001", re.I), "iso-iec-27001-2022"),
    (re.compile(r"nist[-_]?csf[-_]?2|cprt[-_]?csf|csf[-_]?2", re.I), "nist-csf-2.0"),
)


def framework_of_href(href: str) -> str | None:
    for pattern, fw in HREF_FRAMEWORKS:
        if pattern.search(href):
            return fw
    return None
