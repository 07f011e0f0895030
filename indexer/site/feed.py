"""The change notes as an Atom feed (`feed.xml` at the site's root), written by feedgen.

One entry per change note, newest first, made from an Edition like every other page:
the public edition's feed holds only public procedures and none of their officer-only
notes, and nothing else of a procedure than its title, category, address and the
note's own text (never the body, so no `!!! internal` passage can reach it).

The feed is the same for the same manual: its `updated` is the newest note's day, not
the time of the build, and an entry's id stays the same when newer notes are added
above it (it counts the procedure's notes from the oldest).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from feedgen.feed import FeedGenerator

from indexer.manual.change_notes import Entry, notes_since
from indexer.site.edition import Edition

FEED_MAX = 50  # entries: the newest notes; readers keep what they have already fetched
TAG = "tag:e-consular-manual,2026:"  # RFC 4151 tag URIs: stable ids without a domain name
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")  # not allowed in XML 1.0
TITLES = {"public": "คู่มืองานกงสุล: บันทึกการแก้ไข", "internal": "คู่มืองานกงสุล (ใช้ภายใน): บันทึกการแก้ไข"}


def feed_entries(edition: Edition) -> list[Entry]:
    """The notes the feed carries: dated up to the build's day, newest first."""
    return notes_since(edition.procedures, until=edition.today)[:FEED_MAX]


def atom_feed(edition: Edition, site_url: str | None = None) -> bytes:
    """The feed's XML. With the site's address (mkdocs' `site_url`) the links are absolute;
    without one they are relative to feed.xml, which sits at the site's root."""
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    entries = feed_entries(edition)
    fg = FeedGenerator()
    fg.id(f"{TAG}feed/{edition.name}")
    fg.title(TITLES.get(edition.name, TITLES["internal"]))
    fg.subtitle("การแก้ไขสำคัญของแต่ละเรื่อง ตามบันทึกของผู้แก้ไข เรียงจากล่าสุด")
    fg.author({"name": "e-Consular Manual"})
    fg.language("th")
    fg.link(href=f"{base}feed.xml", rel="self", type="application/atom+xml")
    fg.link(href=f"{base}whats-new/", rel="alternate", type="text/html")
    fg.updated(moment(entries[0].note.day if entries else edition.today))
    for entry in reversed(entries):  # feedgen writes the last added first
        add_entry(fg, entry, edition, base)
    return fg.atom_str(pretty=True)


def add_entry(fg: FeedGenerator, entry: Entry, edition: Edition, base: str) -> None:
    proc, note = entry.procedure, entry.note
    item = fg.add_entry()
    item.id(f"{TAG}{proc.id}/{note.day.isoformat()}/{entry.number}")
    cited = f"{proc.ref} " if proc.ref else ""
    item.title(clean(f"{cited}{proc.title}"))
    item.summary(clean(note.note))  # type text: feedgen escapes it
    item.link(href=f"{base}{proc.url}", rel="alternate", type="text/html")
    item.updated(moment(note.day))
    item.published(moment(note.day))
    item.category(term=proc.category, label=clean(edition.category(proc.category).th))
    if proc.owner:
        item.author({"name": clean(proc.owner)})


def moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def clean(text: str) -> str:
    """Text XML can hold: `check` refuses control characters in notes, and this keeps a
    title or owner that slipped one in from failing the whole build."""
    return CONTROL.sub(" ", text)
