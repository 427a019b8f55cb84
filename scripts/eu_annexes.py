"""The numbered structure of the EU AI Act's annexes, read from the reference text (structure only).

Used by scripts/import_eu_ai_act.py for every annex but Annex III (which has its own table).
An annex is read line by line, after its two heading lines ("ANNEX IV" and the title):

- "Section A ..." / "Section 1" starts a section (Annexes I, VIII, XI);
- "1." or "1. Heading" starts a numbered point, "3.1." a sub-point of point 3 (Annex VII);
- "(a)" alone on a line is a lettered point of the innermost numbered point (or of the section or
  annex when none is open, as in Annex XIII), with its roman sub-points (see eu_points.py).

Identifiers follow DESIGN section 4 (`annex-iii-5-b`): `annex-iv-1`, `annex-iv-1-a`, `annex-vii-3-1`
for point 3.1. A section is `annex-viii-section-a`; where numbering restarts in each section
(Annexes VIII, XI) the section is part of its points' ids (`annex-viii-section-a-1`), where it runs
on (Annex I: points 1-20 across Sections A and B) it is not (`annex-i-13`). Numbers must run in
sequence, so a line that only looks like a number makes the import fail instead of adding a point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eu_points import points

SECTION = re.compile(r"^Section ([A-Z]|\d+)\b")
NUMBER = re.compile(r"^(\d+)\.(?:[ \t]+\S.*)?$")
SUB_NUMBER = re.compile(r"^(\d+)\.(\d+)\.(?:[ \t]+\S.*)?$")


@dataclass
class Unit:
    """One numbered unit of an annex: id, printed notation, flags and the units inside it."""

    id: str
    notation: str
    flags: list[str] = field(default_factory=list)
    children: list[Unit] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def annex_units(annex: str, text: str) -> list[Unit]:
    """The sections, numbered points and lettered points of one annex (e.g. annex="IV")."""
    root = Unit(f"annex-{annex.lower()}", f"Annex {annex}")
    lines = text.split("\n")
    if lines[0].strip() != f"ANNEX {annex}":
        raise SystemExit(f"Annex {annex}: text does not start with its heading")
    section: Unit | None = None
    top: Unit | None = None
    sub: Unit | None = None
    last_number = 0
    sections_restart = False
    for line in lines[2:]:
        line = line.strip()
        if m := SECTION.match(line):
            sid = f"{root.id}-section-{m.group(1).lower()}"
            section = Unit(sid, f"Annex {annex}, Section {m.group(1)}", ["annex-section"])
            root.children.append(section)
            top = sub = None
            continue
        container = section or root
        if m := SUB_NUMBER.match(line):
            major, minor = int(m.group(1)), int(m.group(2))
            if top is None or int(top.id.rsplit("-", 1)[1]) != major:
                raise SystemExit(f"Annex {annex}: point {major}.{minor} outside point {major}")
            prev = [c for c in top.children if re.fullmatch(rf"{re.escape(top.id)}-\d+", c.id)]
            if minor != len(prev) + 1:
                raise SystemExit(f"Annex {annex}: point {major}.{minor} out of sequence")
            sub = Unit(f"{top.id}-{minor}", f"{top.notation}.{minor}")
            top.children.append(sub)
            continue
        if m := NUMBER.match(line):
            n = int(m.group(1))
            if n == 1 and section is not None and last_number > 0:
                sections_restart = True
            elif n != last_number + 1:
                raise SystemExit(f"Annex {annex}: point {n} follows point {last_number}")
            last_number = n
            base = container.notation if section is not None else f"Annex {annex}"
            top = Unit(f"{container.id if section else root.id}-{n}", f"{base}, point {n}")
            container.children.append(top)
            sub = None
            continue
        (sub or top or container).text.append(line)
    if sections_restart:
        _check_restart(root)
    else:
        _flatten_ids(root)
    for unit in _walk(root):
        if unit.text:
            _add_letters(unit)
    return root.children


def _check_restart(root: Unit) -> None:
    """Every section's numbering starts at 1 (Annexes VIII, XI)."""
    for s in root.children:
        numbered = [c for c in s.children if "annex-section" not in c.flags]
        if numbered and not numbered[0].id.endswith("-1"):
            raise SystemExit(f"{s.id}: numbering restarts in other sections but not here")


def _flatten_ids(root: Unit) -> None:
    """Numbering runs on across sections (Annex I): the section stays out of the points' ids."""
    for s in root.children:
        if "annex-section" not in s.flags:
            continue
        for c in s.children:
            _rename(c, s.id, root.id)


def _rename(unit: Unit, old: str, new: str) -> None:
    unit.id = new + unit.id.removeprefix(old)
    for c in unit.children:
        _rename(c, old, new)


def _walk(unit: Unit) -> list[Unit]:
    out = [unit]
    for c in list(unit.children):
        out.extend(_walk(c))
    return out


def _add_letters(unit: Unit) -> None:
    text = "\n".join(unit.text)
    letters = points(unit.id, text)
    base = unit.notation if "point" in unit.notation else f"{unit.notation}, point "
    for p in letters:
        if p.list_no != 1:
            raise SystemExit(f"{unit.id}: a second lettered list in an annex is not expected")
        pid, notation = f"{unit.id}-{p.letter}", f"{base}({p.letter})"
        child = Unit(pid, notation, children=[Unit(f"{pid}-{r}", f"{notation}({r})") for r in p.romans])
        unit.children.append(child)
    unit.text = []
