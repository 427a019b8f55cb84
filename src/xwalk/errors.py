"""The one error hierarchy of xwalk.

Each class carries the HTTP status the API answers with and the exit code the CLI ends with,
so the API's single problem+json handler and the CLI's single `except` stay trivial.

    XwalkError                      500 / 1
    ├── SourceError                 422 / 2   a source file breaks a rule (file:line, rule, fix)
    │   └── SourceErrors            422 / 2   several of them, reported in one run
    ├── ValidationFailed            422 / 2   the built graph breaks a SHACL shape or check query
    ├── InputError                  400 / 2   a request or argument is malformed
    │   ├── UnsupportedMediaType    415 / 2
    │   ├── NotAcceptable           406 / 2   no representation in a media type the client accepts
    │   ├── InvalidProfile          422 / 2   an organisation profile breaks its schema (JSON pointers)
    │   └── QueryError              400 / 2   SPARQL that does not parse, or is refused
    ├── NotFound                    404 / 3   an identifier that does not exist (with suggestions)
    ├── Forbidden                   403 / 4   an operation the settings do not allow
    ├── Unauthorized                401 / 4
    ├── LimitExceeded               503 / 5   a configured bound was hit
    │   ├── OverLimit               422 / 5   the query asked too much: time, rows, bytes or memory (limit named)
    │   └── Busy                    503 / 5   every query worker is busy: retry after `retry_after` seconds
    ├── TooLarge                    413 / 2   a request body over its size limit (limit named)
    ├── Unavailable                 501 / 8   an optional tool this needs is not installed (Graphviz)
    ├── StoreError                  502 / 6   the store failed or answered something broken
    └── BuildMissing                503 / 7   no built graph yet: run `xwalk build`
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class XwalkError(Exception):
    status: int = 500
    exit_code: int = 1
    title: str = "Internal error"
    type_slug: str = "internal"

    def __init__(self, detail: str, *, extra: dict[str, object] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra: dict[str, object] = dict(extra or {})


@dataclass(frozen=True)
class Problem:
    """One defect in a source file: where it is, which rule it breaks, how to fix it."""

    file: str
    line: int
    rule: str
    message: str
    fix: str = ""
    column: str = ""
    # where, when a line number does not say it: a sheet cell (`mappings!F7`) or a JSON pointer
    at: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.at}" if self.at else f"{self.file}:{self.line}"
        text = f"{where}: [{self.rule}] {self.message}"
        return f"{text} Fix: {self.fix}" if self.fix else text

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "file": self.file,
            "line": self.line,
            "rule": self.rule,
            "message": self.message,
        }
        if self.fix:
            data["fix"] = self.fix
        if self.column:
            data["column"] = self.column
        if self.at:
            data["at"] = self.at
        return data


class SourceError(XwalkError):
    status = 422
    exit_code = 2
    title = "Invalid source"
    type_slug = "invalid-source"

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem), extra={"errors": [problem.as_dict()]})
        self.problems: list[Problem] = [problem]


class SourceErrors(SourceError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        XwalkError.__init__(
            self,
            "\n".join(str(p) for p in problems),
            extra={"errors": [p.as_dict() for p in problems]},
        )
        self.problems = list(problems)


class ValidationFailed(XwalkError):
    status = 422
    exit_code = 2
    title = "Graph validation failed"
    type_slug = "validation-failed"


class InputError(XwalkError):
    status = 400
    exit_code = 2
    title = "Bad request"
    type_slug = "bad-request"


class UnsupportedMediaType(InputError):
    status = 415
    title = "Unsupported media type"
    type_slug = "unsupported-media-type"


class NotAcceptable(InputError):
    status = 406
    title = "Not acceptable"
    type_slug = "not-acceptable"


class InvalidProfile(InputError):
    """`errors` lists each defect as {pointer (RFC 6901), message}."""

    status = 422
    title = "Invalid profile"
    type_slug = "invalid-profile"

    def __init__(self, errors: Sequence[tuple[str, str]]) -> None:
        listed = [{"pointer": p, "message": m} for p, m in errors]
        super().__init__("; ".join(f"{p or '/'}: {m}" for p, m in errors), extra={"errors": listed})
        self.errors = listed


class QueryError(InputError):
    title = "Bad query"
    type_slug = "bad-query"


class NotFound(XwalkError):
    status = 404
    exit_code = 3
    title = "Not found"
    type_slug = "not-found"

    def __init__(self, detail: str, *, suggestions: Sequence[str] = ()) -> None:
        super().__init__(detail, extra={"suggestions": list(suggestions)} if suggestions else None)
        self.suggestions = list(suggestions)


class Forbidden(XwalkError):
    status = 403
    exit_code = 4
    title = "Forbidden"
    type_slug = "forbidden"


class Unauthorized(XwalkError):
    status = 401
    exit_code = 4
    title = "Unauthorized"
    type_slug = "unauthorized"


class LimitExceeded(XwalkError):
    status = 503
    exit_code = 5
    title = "Limit exceeded"
    type_slug = "limit-exceeded"


class StoreError(XwalkError):
    status = 502
    exit_code = 6
    title = "Store error"
    type_slug = "store-error"


class BuildMissing(XwalkError):
    status = 503
    exit_code = 7
    title = "No built graph"
    type_slug = "build-missing"


class Unavailable(XwalkError):
    status = 501
    exit_code = 8
    title = "Not available here"
    type_slug = "unavailable"


class OverLimit(LimitExceeded):
    """The client asked for more than a limit allows (time, result rows or bytes, memory): 422, limit named."""

    status = 422
    title = "Query over a limit"
    type_slug = "over-limit"


class Busy(LimitExceeded):
    """The server is busy, not the request too big: 503 with a Retry-After of `extra["retry_after"]` s."""

    title = "Busy"
    type_slug = "busy"


class TooLarge(InputError):
    status = 413
    title = "Request too large"
    type_slug = "too-large"
