"""Dates as readers write them: the one place a date becomes words on a page.

Thai text shows the Buddhist Era year and the Thai month abbreviation, as Thai
officials write a date ("10 เม.ย. 2569"); English text shows "10 Apr 2026". The
machine form stays ISO 8601 (`<time datetime>`, JSON, files): see `html.date_html`.
"""

from __future__ import annotations

from datetime import date

from indexer.manual.dates import BUDDHIST_ERA_OFFSET  # one rule of the eras, also for check

THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
               "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")  # fmt: skip
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def human_date(value: date, lang: str = "th") -> str:
    """`value` for a reader of `lang` ("th" or "en"; anything else reads as Thai)."""
    if lang == "en":
        return f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {THAI_MONTHS[value.month - 1]} {value.year + BUDDHIST_ERA_OFFSET}"
