"""Dates on the built sample site: Buddhist Era on Thai pages, English dates on English ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest



@pytest.fixture(scope="module")
def site(sample_site) -> Path:
    return sample_site


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def times(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', html)


def test_dates_follow_the_pages_language(site, sample_manual):
    manual = sample_manual
    thai = next(p for p in manual.procedures if p.lang == "th" and p.last_reviewed)
    english = next(p for p in manual.procedures if p.lang == "en" and p.last_reviewed)
    for proc, pattern in ((thai, r"\d{1,2} [ก-๙.]+ 25\d\d"), (english, r"\d{1,2} [A-Z][a-z]{2} 20\d\d")):
        found = times(page(site, f"{proc.category}/{proc.id}"))
        assert proc.last_reviewed.isoformat() in [iso for iso, _ in found]
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", iso) for iso, _ in found)
        assert all(re.fullmatch(pattern, words) for _, words in found), found


def test_listings_and_whats_new_are_in_buddhist_era(site):
    for path in ("", "whats-new", "stale"):
        found = times(page(site, path))
        assert found, path
        assert all(int(words.split()[-1]) == int(iso[:4]) + 543 for iso, words in found), path
    assert not re.search(r">\d{4}-\d\d-\d\d<", page(site, "whats-new"))
