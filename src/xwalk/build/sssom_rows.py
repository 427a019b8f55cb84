"""How a row's relation is read when SSSOM's own columns and the project's disagree or are missing.

SSSOM says the relation with `predicate_id` (+ `predicate_modifier`); the project's `relation`
column says it in the relation vocabulary. A standard SSSOM file has only the first: the relation
comes from the predicate. A spreadsheet a consultant edited may have changed one of the two: with
the set as it was before (the baseline), an edited relation wins and predicate_id follows; a
predicate edited alone, or both edited and disagreeing, is an error (never a silent guess).
"""

from __future__ import annotations

from dataclasses import dataclass

from xwalk.model.relation import Relation

# SSSOM predicate -> relation (SKOS reading, docs/architecture.md §6); closeMatch is read as an overlap.
PREDICATE_RELATION: dict[str, Relation] = {
    "skos:exactMatch": Relation.EQUAL,
    "skos:broadMatch": Relation.SUBSET_OF,
    "skos:narrowMatch": Relation.SUPERSET_OF,
    "skos:closeMatch": Relation.INTERSECTS_WITH,
    "skos:relatedMatch": Relation.INTERSECTS_WITH,
}
SKOS_IRI = "http://www.w3.org/2004/02/skos/core#"
# The project's columns, which a standard SSSOM file does not have.
PROJECT_COLUMNS = ("relation", "strength", "rationale", "status", "source")


@dataclass(frozen=True)
class RowDefaults:
    """Values for the project's columns when a file (a standard SSSOM TSV) does not have them."""

    strength: int = 5
    status: str = "draft"
    rationale: str = "semantic"
    source: str = ""


# (subject CURIE, object CURIE) -> (relation, predicate_id, predicate_modifier) as they were before an edit
Baseline = dict[tuple[str, str], tuple[str, str, str]]


def predicate_relation(predicate: str, modifier: str) -> Relation | None:
    """The relation a predicate (CURIE or SKOS IRI) and modifier say; None when they say none we know."""
    if modifier.strip().lower() == "not":
        return Relation.NO_RELATIONSHIP
    if predicate.startswith(SKOS_IRI):
        predicate = "skos:" + predicate[len(SKOS_IRI) :]
    return PREDICATE_RELATION.get(predicate)


def agrees(relation: Relation, predicate: str, modifier: str) -> bool:
    return predicate_relation(predicate, modifier) is relation


def reconcile(
    written: str, predicate: str, modifier: str, before: tuple[str, str, str] | None
) -> tuple[Relation | None, str]:
    """The row's relation, and '' or a note saying which column followed the other, or an error text.

    `written` is the relation cell ('' when the file has none). Returns (None, why) on an error."""
    from_predicate = predicate_relation(predicate, modifier)
    if not written:
        if from_predicate is None:
            return None, f"predicate_id {predicate!r} says no relation xwalk knows (use a skos: mapping predicate)"
        return from_predicate, ""
    try:
        relation = Relation(written.strip().lower())
    except ValueError:
        return None, f"relation {written!r} is not in the vocabulary"
    if from_predicate is relation:
        return relation, ""
    if before is not None:
        old_relation, old_predicate, old_modifier = before
        predicate_kept = (predicate, modifier.strip()) == (old_predicate, old_modifier)
        relation_kept = relation.value == old_relation
        if predicate_kept and not relation_kept:
            return relation, f"relation edited to {relation.value}: predicate_id follows it"
        if relation_kept and not predicate_kept:
            # not followed the other way: a relation is more precise than a predicate (closeMatch)
            return None, (
                f"predicate_id was edited to {predicate!r} but relation was not ({relation.value}); "
                "edit the relation instead: predicate_id follows it"
            )
        return None, (
            f"relation {relation.value!r} and predicate_id {predicate!r} were both edited and disagree "
            f"(before: {old_relation}, {old_predicate})"
        )
    return None, f"predicate_id {predicate!r} does not read as {relation.value}"
