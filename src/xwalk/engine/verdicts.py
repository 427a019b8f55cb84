"""The five verdicts of docs/architecture.md §6, and the ONE place that maps today's engine words onto them.

Issue 10 is moving coverage and gap reports to these five words; until its rewrite lands the coverage
enum says `unknown` (= undetermined) and the matrix says `none` (= unmapped), and gap items carry a
status (met, covered, ...) rather than a verdict. Pictures and exports read verdicts through here only,
so when the engine speaks the five words itself, this module shrinks to the identity.
"""

from __future__ import annotations

from typing import Any

VERDICTS = ("covered", "partial", "not-covered", "undetermined", "unmapped")
# Gap statuses that are not verdicts: the requirement is set aside, not judged.
SET_ASIDE = ("excluded", "not-yet-applicable")

_FROM_COVERAGE = {"unknown": "undetermined", "none": "unmapped", **{v: v for v in VERDICTS}}


def from_coverage(value: str | None) -> str:
    """The verdict of a coverage judgement or a matrix cell; None means no route at all."""
    if value is None:
        return "unmapped"
    try:
        return _FROM_COVERAGE[value]
    except KeyError:
        raise ValueError(f"coverage {value!r} has no verdict") from None


def of_gap_item(item: Any) -> str:
    """The verdict of a gap item, or its set-aside status (excluded, not-yet-applicable).

    A requirement met directly is covered; one the engine calls not-covered is not-covered only when a
    route proves it (a no-relationship), undetermined when routes say nothing decisive, and unmapped when
    no curated data reaches it."""
    verdict = getattr(item, "verdict", None)
    if isinstance(verdict, str):
        return verdict
    status: str = item.status
    if status in SET_ASIDE or status in ("covered", "partial"):
        return status
    if status == "met":
        return "covered"
    basis = item.basis
    if basis.kind == "implementation":
        return "partial"
    if basis.kind != "mapping" or basis.coverage is None:
        return "unmapped"
    return from_coverage(basis.coverage)
