"""The parts every answer is made of: a hop of a witness chain and a witness (docs/architecture.md §6).

Plain dataclasses (layer 0), so that coverage, matrix, gap reports and the modules built on them
(classification, conformance, evidence reuse) share one shape and one JSON rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    """One hop of a witness chain, as stated in its source (subject relation object). `read_as` is the
    relation in the direction the chain reads it; a part-of step from the catalog has no mapping and the
    source `xw:partOf`."""

    subject: str
    relation: str
    object: str
    read_as: str
    mapping: str | None
    mapping_set: str | None
    status: str
    strength: int
    source: str


@dataclass(frozen=True)
class Witness:
    """One chain between the two ends of an answer: what it alone allows (`relations`, read from the
    requirement's side), its weakest mapping strength, and every hop."""

    relations: list[str]
    strength: int
    steps: list[Step] = field(default_factory=list)
