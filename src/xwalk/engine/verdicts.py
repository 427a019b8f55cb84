"""The five verdicts of docs/architecture.md §6 as pictures and exports show them (the engine speaks them
itself: model.relation.Verdict); what a gap item that has no verdict is shown as."""

from __future__ import annotations

from xwalk.model.gaps import GapItem

VERDICTS = ("covered", "partial", "not-covered", "undetermined", "unmapped")
# Gap statuses that are not verdicts: the requirement is set aside, not judged.
SET_ASIDE = ("excluded", "not-yet-applicable")


def from_coverage(value: str | None) -> str:
    """The verdict of a coverage answer or a matrix cell; None means no chain at all."""
    if value is None:
        return "unmapped"
    if value not in VERDICTS:
        raise ValueError(f"coverage {value!r} has no verdict")
    return value


def of_gap_item(item: GapItem) -> str:
    """The verdict of a gap item (a not-yet-applicable one says what it would be); a requirement met directly
    is shown as covered, an excluded one as excluded."""
    if item.verdict is not None:
        return item.verdict
    return "covered" if item.status == "met" else item.status
