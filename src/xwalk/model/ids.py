"""Identifiers: CURIEs and IRIs of provisions, and turning user input into them."""

from __future__ import annotations

from dataclasses import dataclass

from xwalk import vocab


@dataclass(frozen=True, order=True)
class ProvisionId:
    """A provision, or (`local` empty) a whole framework: the end of a mapping against a whole standard,
    identified by the framework's own node `fw:<framework-id>` (docs/formats.md)."""

    framework: str
    local: str

    @property
    def whole(self) -> bool:
        return not self.local

    @property
    def iri(self) -> str:
        return vocab.FW + self.framework if self.whole else vocab.provision_iri(self.framework, self.local)

    @property
    def curie(self) -> str:
        return f"fw:{self.framework}" if self.whole else f"{vocab.FRAMEWORK_PREFIXES[self.framework]}:{self.local}"

    def __str__(self) -> str:
        return self.curie


def parse_curie(text: str) -> ProvisionId | None:
    """`euaia:art-15` or a full provision IRI; None when it is neither."""
    text = text.strip()
    if text.startswith(vocab.ID):
        rest = text[len(vocab.ID) :]
        framework, _, local = rest.partition("/")
        if framework in vocab.FRAMEWORK_PREFIXES and local:
            return ProvisionId(framework, local)
        return None
    prefix, sep, local = text.partition(":")
    if sep and local and prefix in vocab.PREFIX_FRAMEWORKS:
        return ProvisionId(vocab.PREFIX_FRAMEWORKS[prefix], local)
    return None


def parse_mapping_end(text: str) -> ProvisionId | None:
    """What a mapping row may name: a provision (as `parse_curie`) or a whole framework, written
    `fw:iso-iec-27001-2022` or as the framework's IRI. Only mapping ends take the whole-framework form."""
    pid = parse_curie(text)
    if pid is not None:
        return pid
    text = text.strip()
    name = text.removeprefix(vocab.FW) if text.startswith(vocab.FW) else text.removeprefix("fw:")
    if name != text and name in vocab.FRAMEWORK_PREFIXES:
        return ProvisionId(name, "")
    return None


_LONGEST_FIRST = tuple(sorted(vocab.PREFIXES.items(), key=lambda kv: -len(kv[1])))  # the most specific base wins


def iri_to_curie(iri: str) -> str:
    """Shorten an IRI with the project's prefixes; unknown IRIs come back unchanged."""
    pid = parse_curie(iri) if iri.startswith(vocab.ID) else None
    if pid is not None:
        return pid.curie
    for prefix, base in _LONGEST_FIRST:
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base) :]}"
    return iri


def expand(text: str, curie_map: dict[str, str] | None = None) -> str | None:
    """Expand a CURIE with the given map (then the project's prefixes); IRIs pass through."""
    if text.startswith(("http://", "https://", "urn:")):
        return text
    prefix, sep, local = text.partition(":")
    if not sep:
        return None
    for table in (curie_map or {}, vocab.PREFIXES):
        if prefix in table:
            return table[prefix] + local
    return None
