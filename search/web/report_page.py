"""The internal page `/api/report`: what officers searched for and what they said about
procedures, as the editors read it (internal edition, feedback switched on, only)."""

from __future__ import annotations

from datetime import date

from indexer.site.dates import human_date
from indexer.site.html import e, tag
from search.web.analytics import QueryCount

STYLE = (
    "body{font-family:'Noto Sans Thai','Sarabun',sans-serif;margin:2rem;max-width:60rem;line-height:1.5}"
    "table{border-collapse:collapse;margin-bottom:1.5rem}td,th{border:1px solid #ccc;padding:.3rem .6rem;"
    "text-align:left}th{background:#eee}h2{margin-top:2rem}.c{color:#555}"
)


def query_table(rows: list[QueryCount], empty: str) -> str:
    if not rows:
        return tag("p", e(empty))
    head = tag("tr", tag("th", "คำค้น") + tag("th", "จำนวนครั้ง") + tag("th", "ผลล่าสุด") + tag("th", "ตรง"))
    body = "".join(
        tag(
            "tr",
            tag("td", e(r.query)) + tag("td", str(r.count)) + tag("td", str(r.total)) + tag("td", e(r.match)),
        )
        for r in rows
    )
    return tag("table", head + body)


def feedback_part(groups: dict[str, list[dict]]) -> str:
    if not groups:
        return tag("p", "ยังไม่มีความเห็น")
    parts = []
    for owner, entries in groups.items():
        head = tag(
            "tr", "".join(tag("th", h) for h in ("เรื่อง", "มีประโยชน์", "ไม่มีประโยชน์", "แจ้งปัญหา", "ความเห็น"))
        )
        rows = []
        for entry in entries:
            comments = "".join(
                tag("li", e(c["comment"]) + " " + tag("span", e(c["at"][:10]), class_="c"))
                for c in entry["comments"]
            )
            rows.append(tag("tr", "".join([
                tag("td", tag("a", e(entry["title"] or entry["procedure"]),
                              href=f"/{entry['category']}/{entry['procedure']}/")),
                tag("td", str(entry["helpful"])), tag("td", str(entry["not_helpful"])),
                tag("td", str(entry["problems"])), tag("td", tag("ul", comments) if comments else ""),
            ])))  # fmt: skip
        parts.append(tag("h3", e(owner)) + tag("table", head + "".join(rows)))
    return "".join(parts)


def report_html(searches: dict[str, list[QueryCount]], feedback: dict[str, list[dict]], today: date) -> str:
    body = "".join([
        tag("h1", "รายงานการค้นหาและความเห็น (ใช้ภายใน)"),
        tag("p", f"ข้อมูลเก็บในเครื่องนี้เท่านั้น ไม่มีชื่อหรือที่อยู่ IP · {human_date(today)}", class_="c"),
        tag("h2", "คำค้นที่ไม่พบผล"), query_table(searches["no_results"], "ไม่มี"),
        tag("h2", "คำค้นที่ตรงเพียงบางส่วน"), query_table(searches["partial"], "ไม่มี"),
        tag("h2", "คำค้นที่ใช้บ่อย"), query_table(searches["frequent"], "ยังไม่มีการค้นหา"),
        tag("h2", "ความเห็นต่อเรื่อง แยกตามผู้รับผิดชอบ"), feedback_part(feedback),
    ])  # fmt: skip
    return (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>รายงานการค้นหาและความเห็น</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )
