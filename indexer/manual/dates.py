"""The two eras a Thai editor writes dates in, and the one rule that tells them apart.

Files and machines use the Common Era (ISO 8601, `2027-01-31`); Thai officials write
the Buddhist Era, 543 years later (`2570-01-31`). No date of a consular manual is as
late as the year 2400 CE, so a year from 2400 on is a Buddhist Era year: `check`
reports one in a file (with the CE date to write) and the commands that take a date
(`changes --since`) accept one and convert it.
"""

from __future__ import annotations

import re
from datetime import date

BUDDHIST_ERA_OFFSET = 543  # 2026 CE is 2569 BE
BUDDHIST_ERA_FROM = 2400
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def common_era(year: int, month: int, day: int) -> date:
    """The CE date of year-month-day in either era (ValueError when there is no such day).

    A BE date is checked in its CE year, where leap years fall: 2567-02-29 is 2024-02-29."""
    if year >= BUDDHIST_ERA_FROM:
        year -= BUDDHIST_ERA_OFFSET
    return date(year, month, day)


def parse_day(text: str) -> date:
    """`YYYY-MM-DD` in the Common or the Buddhist Era, as a CE date.

    ValueError with a sentence for a reader when `text` is not such a date."""
    match = ISO_DAY.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a date written YYYY-MM-DD")
    try:
        return common_era(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(f"'{text}' is not a day of the calendar") from None


def buddhist_era_message(year: int, month: int, day: int) -> str:
    """Why a date written in a file looks like a Buddhist Era one ('' when it does not)."""
    if year < BUDDHIST_ERA_FROM:
        return ""
    written = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        ce = common_era(year, month, day).isoformat()
    except ValueError:
        return f"{written} is not a day of the calendar in either era"
    return f"{written} is a Buddhist Era date; files use the Common Era: write {ce}"


def looks_like_day(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a value written like an ISO date, valid or not."""
    match = ISO_DAY.match(text.strip()) if isinstance(text, str) else None
    return tuple(int(part) for part in match.groups()) if match else None  # type: ignore[return-value]
