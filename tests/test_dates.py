"""Dates on the site: Buddhist Era and Thai month abbreviations for Thai readers,
"10 Apr 2026" for English ones, ISO for machines."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.site.dates import human_date
from indexer.site.html import date_html


@pytest.mark.parametrize(
    ("day", "thai", "english"),
    [
        (date(2026, 4, 10), "10 เม.ย. 2569", "10 Apr 2026"),
        (date(2026, 1, 1), "1 ม.ค. 2569", "1 Jan 2026"),
        (date(2025, 12, 31), "31 ธ.ค. 2568", "31 Dec 2025"),
        (date(2024, 2, 29), "29 ก.พ. 2567", "29 Feb 2024"),
        (date(2026, 6, 5), "5 มิ.ย. 2569", "5 Jun 2026"),
    ],
)
def test_thai_readers_get_buddhist_era_and_english_readers_gregorian(day, thai, english):
    assert human_date(day, "th") == thai
    assert human_date(day, "en") == english


def test_every_month_has_its_own_thai_abbreviation():
    names = [human_date(date(2026, m, 1)).split()[1] for m in range(1, 13)]
    assert names == ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                     "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]  # fmt: skip


def test_the_machine_form_stays_iso():
    html = date_html(date(2026, 4, 10))
    assert html == '<time datetime="2026-04-10">10 เม.ย. 2569</time>'
    assert date_html(date(2026, 4, 10), "en") == '<time datetime="2026-04-10">10 Apr 2026</time>'
