"""Dates on the built sample site: Buddhist Era on Thai pages, English dates on English ones."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from indexer.site import listings
from indexer.site.edition import Edition


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


def test_listings_and_whats_new_are_in_buddhist_era(site, sample_manual):
    # "what's new" of a day shortly after the sample's change notes
    edition = Edition.of(sample_manual, False, date(2026, 5, 1), history={})
    whats_new = listings.whats_new(edition, lambda source: source)
    for path, html in (("", page(site, "")), ("whats-new", whats_new), ("stale", page(site, "stale"))):
        found = times(html)
        assert found, path
        assert all(int(words.split()[-1]) == int(iso[:4]) + 543 for iso, words in found), path
    assert not re.search(r">\d{4}-\d\d-\d\d<", whats_new)
