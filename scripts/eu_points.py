"""Find the numbered and lettered units of EU legal text, shared by the two EU importers.

Only structure is read here (which letters, numbers and roman numerals stand on their own line);
no text is returned. Used by scripts/import_eu_ai_act.py and scripts/import_reference.py.

A point is "(a)", "(b)" ... alone on a line. Roman sub-points "(i)", "(ii)" ... belong to the
lettered point before them; "(i)" is a letter only when it is the next letter expected and is
not followed by "(ii)". A list that starts again at "(a)" belongs to a later subparagraph: its
points carry the subparagraph ("sub2" for the second lettered list) so identifiers stay unique.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
ORDINALS = ("first", "second", "third", "fourth")
TOKEN = re.compile(r"(?m)^\(([a-z]{1,4})\)[ \t]*$")


@dataclass
class Point:
    """A lettered point: its letter, the lettered list it is in (1 = first) and its sub-points."""

    letter: str
    list_no: int = 1
    romans: list[str] = field(default_factory=list)

    def key(self) -> str:
        """The id suffix: "a", or "sub2-a" for a point of the second lettered list."""
        return self.letter if self.list_no == 1 else f"sub{self.list_no}-{self.letter}"


def points(where: str, text: str) -> list[Point]:
    """The lettered points of a paragraph (or of an article without paragraphs), in order."""
    tokens = TOKEN.findall(text)
    out: list[Point] = []
    expected, list_no = "a", 1
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok == expected and not (tok == "i" and nxt == "ii"):
            out.append(Point(tok, list_no))
            expected = chr(ord(tok) + 1)
        elif tok == "a" and out:
            list_no += 1
            out.append(Point(tok, list_no))
            expected = "b"
        elif tok in ROMAN and out:
            point = out[-1]
            want = ROMAN[len(point.romans)] if len(point.romans) < len(ROMAN) else None
            if tok != want:
                raise SystemExit(f"{where}: sub-point ({tok}) out of sequence after point ({point.letter})")
            point.romans.append(tok)
        else:
            raise SystemExit(f"{where}: unexpected point ({tok}) after ({out[-1].letter if out else '-'})")
    return out


def point_notation(parent_notation: str, point: Point) -> str:
    """ "Art. 5(1)(a)", or "Art. 43(1), second subparagraph, point (a)" for a later list."""
    if point.list_no == 1:
        return f"{parent_notation}({point.letter})"
    return f"{parent_notation}, {ORDINALS[point.list_no - 1]} subparagraph, point ({point.letter})"


def numbered_paragraphs(where: str, text: str) -> dict[int, str]:
    """Numbered paragraphs ("1. ...") of an article's text, by number; numbers must run 1..n."""
    parts = re.split(r"(?m)^(\d+)\.\s", text)
    paras = {int(n): body for n, body in zip(parts[1::2], parts[2::2], strict=True)}
    if list(paras) != list(range(1, len(paras) + 1)):
        raise SystemExit(f"{where}: paragraph numbers out of sequence: {list(paras)}")
    return paras
