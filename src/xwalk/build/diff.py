"""`xwalk diff OLD NEW`: which mappings were added, removed or changed between two versions.

A side is one SSSOM file or a directory of them. Mappings are matched by (subject, object);
when both sides are directories, by (mapping set, subject, object), so the same pair in two
sets is two mappings. Identifiers are not checked against the catalogs: a diff must work on
files that `xwalk check` would still reject.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xwalk.build.checks import display, expand_paths
from xwalk.build.sssom import read_mapping_text
from xwalk.errors import InputError, Problem, SourceErrors
from xwalk.model.mapping import Mapping

MAIN_FIELDS = ("relation", "strength", "status")
OTHER_FIELDS = (
    "rationale",
    "source",
    "confidence",
    "justification",
    "author",
    "reviewer",
    "review_date",
    "subject_label",
    "object_label",
    "comment",
)
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Entry:
    set_id: str
    mapping: Mapping

    def as_dict(self) -> dict[str, object]:
        m = self.mapping
        return {
            "mapping_set": self.set_id,
            "subject": m.subject.curie,
            "object": m.object.curie,
            "relation": m.relation.value,
            "strength": m.strength,
            "status": m.status,
        }


@dataclass(frozen=True)
class Changed:
    old: Entry
    new: Entry
    fields: dict[str, tuple[str, str]]

    def as_dict(self) -> dict[str, object]:
        data = self.new.as_dict()
        data["changes"] = {k: {"old": a, "new": b} for k, (a, b) in self.fields.items()}
        return data


@dataclass
class Diff:
    added: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_dict(self) -> dict[str, object]:
        return {
            "count": {"added": len(self.added), "removed": len(self.removed), "changed": len(self.changed)},
            "added": [e.as_dict() for e in self.added],
            "removed": [e.as_dict() for e in self.removed],
            "changed": [c.as_dict() for c in self.changed],
        }


def _side(path: Path, root: Path, by_set: bool) -> dict[Key, Entry]:
    if not path.exists():
        raise InputError(f"{path} does not exist.")
    problems: list[Problem] = []
    out: dict[Key, Entry] = {}
    for file in expand_paths([path]):
        # no file name: an old version is often saved under another name (git show, a mail)
        ms = read_mapping_text(file.read_text(encoding="utf-8"), "", display(file, root), None, problems)
        if ms is None:
            continue
        for m in ms.mappings:
            key = (ms.id if by_set else "", m.subject.curie, m.object.curie)
            if key in out:  # a contradictory pair: keep both, told apart by relation
                key = (key[0], key[1], f"{key[2]} {m.relation.value}")
            out[key] = Entry(ms.id, m)
    if problems:
        raise SourceErrors(problems)
    return out


def _value(m: Mapping, name: str) -> str:
    value = getattr(m, name)
    if value is None:
        return ""
    if hasattr(value, "value"):
        return str(value.value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return f"{value:g}" if isinstance(value, float) else str(value)


def diff(old: Path, new: Path, root: Path) -> Diff:
    by_set = old.is_dir() and new.is_dir()
    before, after = _side(old, root, by_set), _side(new, root, by_set)
    result = Diff()
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            result.added.append(b)
        elif b is None and a is not None:
            result.removed.append(a)
        elif a is not None and b is not None:
            fields = {
                name: (_value(a.mapping, name), _value(b.mapping, name))
                for name in (*MAIN_FIELDS, *OTHER_FIELDS)
                if _value(a.mapping, name) != _value(b.mapping, name)
            }
            if fields:
                result.changed.append(Changed(a, b, fields))
    return result


def render(d: Diff) -> str:
    lines: list[str] = []
    for sign, entries in (("+", d.added), ("-", d.removed)):
        for e in entries:
            m = e.mapping
            lines.append(
                f"{sign} {m.subject} {m.relation.value} {m.object}  strength {m.strength}, {m.status}  [{e.set_id}]"
            )
    for c in d.changed:
        m = c.new.mapping
        main = [f"{k} {a} -> {b}" for k, (a, b) in c.fields.items() if k in MAIN_FIELDS]
        other = [k for k in c.fields if k not in MAIN_FIELDS]
        text = "; ".join(main + ([f"also {', '.join(other)}"] if other else []))
        lines.append(f"~ {m.subject} -> {m.object}  {text}  [{c.new.set_id}]")
    lines.append(f"{len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed")
    return "\n".join(lines) + "\n"
