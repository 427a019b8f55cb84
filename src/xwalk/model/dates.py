"""Dates as dates: an ISO 8601 calendar date (YYYY-MM-DD) or a date object, nothing else.

Pydantic's lax date reads a number as seconds since 1970, so `"as_of": 0` was 1970-01-01: a
plausible, silent wrong day. Here a number, a time stamp or any other text is an error."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_only(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("a date is a day (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        return value.strip()
    raise ValueError(f"a date is written YYYY-MM-DD (ISO 8601), not {value!r}")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_only)]
