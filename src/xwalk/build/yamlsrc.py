"""YAML that remembers where each mapping started, so errors can say file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

import yaml

from xwalk.errors import Problem, SourceError


class LineDict(dict[str, Any]):
    line: int = 0


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    file = "<yaml>"


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise SourceError(
                Problem(
                    loader.file,
                    key_node.start_mark.line + 1,
                    "yaml-duplicate-key",
                    f"the key {key!r} appears twice in one mapping (first on line {seen[key]}).",
                    "keep one of them.",
                )
            )
        seen[key] = key_node.start_mark.line + 1
    data = LineDict(cast(dict[str, Any], loader.construct_mapping(node, deep=True)))
    data.line = node.start_mark.line + 1
    return data


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_yaml(path: Path, display: str | None = None) -> Any:
    name = display or str(path)
    text = path.read_text(encoding="utf-8")
    loader = _Loader(text)
    loader.file = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        # The context mark points at what was left open (a quote, a bracket), which is where
        # the fix goes; the problem mark is often just the end of the file.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark is not None else 1
        what = f"{exc.context}, {exc.problem}" if exc.context else str(exc.problem)
        raise SourceError(
            Problem(name, line, "yaml-syntax", f"not valid YAML: {what}.", "fix the YAML syntax there.")
        ) from None
    finally:
        loader.dispose()


def line_of(node: object, default: int = 1) -> int:
    return node.line if isinstance(node, LineDict) else default


class Reader:
    """Reads typed fields from one YAML mapping, collecting problems instead of stopping."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def problem(self, line: int, rule: str, message: str, fix: str) -> None:
        self.problems.append(Problem(self.file, line, rule, message, fix))

    def text(self, node: LineDict, key: str, *, required: bool = True, what: str = "") -> str | None:
        value = node.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(
                    node.line,
                    f"missing-{key}",
                    f"{what or 'this entry'} has no '{key}'.",
                    f"add '{key}: ...' to it.",
                )
            return None
        if isinstance(value, (dict, list)):
            self.problem(
                node.line,
                f"bad-{key}",
                f"'{key}' must be text, not a {type(value).__name__}.",
                f"write '{key}' as a single value.",
            )
            return None
        return str(value).strip()

    def date(self, node: LineDict, key: str, *, required: bool = True, what: str = "") -> dt.date | None:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(
                    node.line, f"missing-{key}", f"{what or 'this entry'} has no '{key}'.", f"add '{key}: YYYY-MM-DD'."
                )
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.problem(
                node.line,
                f"bad-{key}",
                f"'{key}' is {value!r}, not a date.",
                f"write it as YYYY-MM-DD, e.g. {key}: 2024-07-12.",
            )
            return None
