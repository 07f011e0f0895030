"""Search results and procedures rendered for a terminal."""

from __future__ import annotations

import html
import re

import click

from indexer.text.controls import printable

MARK = re.compile(r"<mark>(.*?)</mark>")


def marks_to_terminal(snippet: str, color: bool) -> str:
    """<mark>x</mark> -> bold yellow x on a terminal, [x] elsewhere; entities unescaped
    (and then made printable: &#27; is an ESC too)."""
    pieces = MARK.split(snippet)  # text, marked, text, marked, ..., text
    out = []
    for i, piece in enumerate(pieces):
        text = printable(html.unescape(piece))
        if i % 2:
            text = click.style(text, fg="yellow", bold=True) if color else f"[{text}]"
        out.append(text)
    return "".join(out)


def format_response(response, color: bool) -> str:
    lines = []
    query = printable(response.query)
    if response.suggestion:
        lines.append(f"Did you mean: {printable(response.suggestion)}")
    if not response.results:
        lines.append(f"No procedures match '{query}'.")
        return "\n".join(lines)
    if response.match == "partial":
        missing = printable(" ".join(response.missing))
        lines.append(f"ไม่พบเรื่องที่ตรงกับ {missing}ทั้งหมด (no procedure matches every word: {missing})")
        lines.append(f"Partial matches ({response.total}):")
    else:
        lines.append(f"{response.total} procedure(s) match '{query}':")
    for n, r in enumerate(response.results, start=1):
        english = f" — {r.title_en}" if r.title_en else ""
        title = printable(f"{r.title}{english}")
        title = click.style(title, bold=True) if color else title
        where = f"{r.url}#{r.anchor}" if r.anchor else r.url
        cited = f"  {r.section_ref}" if r.section_ref else ""  # "PP 3 §2": what a letter quotes
        lines.append(f"{n:>2}. {title}  " + printable(f"[{r.category}] ({r.id}){cited}"))
        lines.append(f"    {printable(where)}")
        lines.append(f"    {marks_to_terminal(r.snippet, color)}")
    return "\n".join(lines)


def format_procedure(proc, category, color: bool) -> str:
    def bold(text: str) -> str:
        text = printable(text)
        return click.style(text, bold=True) if color else text

    lines = [bold(proc.title)]
    if proc.title_en:
        lines.append(printable(proc.title_en))
    cites = {s.line: proc.citation(s) for s in proc.sections if s.number and proc.ref}
    cat = f"{category.th} / {category.en}" if category else proc.category
    meta = [
        ("ref", proc.ref),
        ("category", cat),
        ("classification", proc.classification),
        ("owner", proc.owner),
        ("last reviewed", proc.last_reviewed.isoformat() if proc.last_reviewed else "never"),
        ("review due", proc.review_due.isoformat() if proc.review_due else ""),
        ("legal basis", "; ".join(proc.legal_basis)),
        ("related", ", ".join(proc.related)),
    ]
    lines += [printable(f"  {k}: {v}") for k, v in meta if v]
    if proc.summary:
        lines += ["", printable(proc.summary)]
    for number, line in enumerate(proc.body.split("\n"), start=proc.body_line):
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            cite = f"{cites[number]}  " if number in cites else ""  # "PP 3 §2", as the page shows it
            lines.append(bold(cite + heading.group(2)))
        else:
            lines.append(printable(re.sub(r"^(\s*)[-*] \[ \]", r"\1☐", line)))
    return "\n".join(lines).rstrip() + "\n"
