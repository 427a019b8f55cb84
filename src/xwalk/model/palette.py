"""Colours of frameworks and verdicts: one table for the DOT pictures, the explorer and the gap report page."""

from __future__ import annotations

FRAMEWORK_COLOURS: dict[str, str] = {
    "eu-ai-act": "#8ecae6",
    "gdpr": "#cdb4db",
    "iso-iec-42001-2023": "#b7e4c7",
    "iso-iec-27001-2022": "#ffd6a5",
    "iso-iec-27001-2013": "#e6ccb2",
    "nist-ai-rmf-1.0": "#a0e7e5",
    "nist-csf-2.0": "#ffc6ff",
}
VERDICT_COLOURS: dict[str, str] = {
    "covered": "#66bb6a",
    "partial": "#ffd54f",
    "not-covered": "#ef5350",
    "undetermined": "#b39ddb",
    "unmapped": "#bdbdbd",
    "excluded": "#eceff1",
    "not-yet-applicable": "#90caf9",
    "implemented": "#ffffff",
    "intermediate": "#f5f5f5",
}
OTHER = "#bbbbbb"


def node_colour(attrs: dict[str, object]) -> str:
    """By verdict when the node has one (a gaps scope), else by framework."""
    verdict = attrs.get("verdict")
    if isinstance(verdict, str):
        return VERDICT_COLOURS.get(verdict, OTHER)
    return FRAMEWORK_COLOURS.get(str(attrs.get("framework", "")), OTHER)
