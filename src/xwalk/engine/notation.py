"""One spelling for the many ways people write a provision's number, so search can compare them.

"Art 15", "art. 15", "Article 15" and the id "art-15" all become "art-15"; "Art. 15(1)(a)" and
"art-15-1-a" become "art-15-1-a"; "a.8.25", "A 8.25" and "Annex A.8.25" become "a.8.25"; "GOVERN 1.1",
"GV-1.1" and "govern-1.1" become "govern-1.1"; "PR.AA-01", "pr aa 1" become "pr.aa-01". A provision's
id and notation go through the same function, so a query matches when both sides agree on the key.
Anything that is not a recognised numbering comes back lowercased with single spaces (and `number` says None).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Words that head an EU act's numbering; the rest of such a text is its numbers and letters.
_EU_HEADS = {"art": "art", "arts": "art", "article": "art", "articles": "art", "annex": "annex",
             "chapter": "chapter", "section": "section", "recital": "recital"}
# Words that carry no number ("Annex III, point 4(a)", "Article 15, paragraph 1").
_EU_FILLER = {"point", "points", "paragraph", "para", "of", "no"}
_EU_TOKEN = re.compile(r"[a-z]+|\d+")

# Clause numbers: "6.1.2", "8".
_DIGITS = re.compile(r"\d+(?:\.\d+)*")
# ISO Annex A controls: "A.8.25", "a 8.25", "A8.25", "Annex A.8.25", "annex a 8.25".
_ISO_ANNEX = re.compile(r"(?:annex\s*)?a\s*[.\-\s]?\s*(\d+(?:\.\d+)*)")
# NIST AI RMF subcategories: "GOVERN 1.1", "govern-1.1", "GV-1.1", "GV 1.1" (the Playbook's short names).
_RMF = re.compile(r"(govern|map|measure|manage|gv|mp|ms|mg)\s*[\-\s]?\s*(\d+(?:\.\d+)?)")
_RMF_SHORT = {"gv": "govern", "mp": "map", "ms": "measure", "mg": "manage"}
# NIST CSF 2.0 subcategories and categories: "PR.AA-01", "pr.aa-1", "PR AA 01", "PR.AA".
_CSF_FUNCTIONS = {"gv", "id", "pr", "de", "rs", "rc"}
_CSF = re.compile(r"([a-z]{2})\s*[.\-\s]\s*([a-z]{2})(?:\s*[.\-\s]\s*(\d{1,2}))?")


@lru_cache(maxsize=32768)
def key(text: str) -> str:
    """The comparable form of a notation, an id or a query (see the module docstring)."""
    return number(text) or _plain(text)


@lru_cache(maxsize=4096)
def number(text: str) -> str | None:
    """The key of a text written as a provision number, None for anything else (words of a title)."""
    s = _plain(text)
    if m := _DIGITS.fullmatch(s):
        return m.group(0)
    if m := _ISO_ANNEX.fullmatch(s):
        return "a." + m.group(1)
    words = _EU_TOKEN.findall(s)
    if words and words[0] in _EU_HEADS and len(words) > 1 and _eu_shaped(s):
        return "-".join([_EU_HEADS[words[0]], *(w for w in words[1:] if w not in _EU_FILLER)])
    if m := _RMF.fullmatch(s):
        return f"{_RMF_SHORT.get(m.group(1), m.group(1))}-{m.group(2)}"
    if (m := _CSF.fullmatch(s)) and m.group(1) in _CSF_FUNCTIONS:
        head = f"{m.group(1)}.{m.group(2)}"
        return f"{head}-{int(m.group(3)):02d}" if m.group(3) else head
    return None


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("\u00a0", " ").split()).strip(" .,;")


def _eu_shaped(s: str) -> bool:
    """Only numbers, roman or single letters, brackets, commas, dots and filler words after the head:
    "Article 15(1)(a)" is a citation, "article on data governance" is words of a title."""
    rest = _EU_TOKEN.findall(s)[1:]
    return bool(rest) and all(w.isdigit() or w in _EU_FILLER or len(w) == 1 or _roman(w) or _sub(w) for w in rest)


def _roman(w: str) -> bool:
    return re.fullmatch(r"[ivxlc]+", w) is not None


def _sub(w: str) -> bool:
    # "sub2" of the id art-43-1-sub2-a, "section" of annex-viii-section-a-1
    return w in {"sub", "section", "subparagraph", "first", "second", "third", "fourth"}
