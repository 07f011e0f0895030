"""Search results and procedures rendered for a terminal."""

from __future__ import annotations

import html
import re

import click

MARK = re.compile(r"<mark>(.*?)</mark>")


def marks_to_terminal(snippet: str, color: bool) -> str:
    """<mark>x</mark> -> bold yellow x on a terminal, [x] elsewhere; entities unescaped."""
    if color:
        text = MARK.sub(lambda m: click.style(m.group(1), fg="yellow", bold=True), snippet)
    else:
        text = MARK.sub(r"[\1]", snippet)
    return html.unescape(text)


def format_response(response, color: bool) -> str:
    lines = []
    if response.suggestion:
        lines.append(f"Did you mean: {response.suggestion}")
    if not response.results:
        lines.append(f"No procedures match '{response.query}'.")
        return "\n".join(lines)
    if response.match == "partial":
        missing = " ".join(response.missing)
        lines.append(f"ไม่พบเรื่องที่ตรงกับ {missing}ทั้งหมด (no procedure matches every word: {missing})")
        lines.append(f"Partial matches ({response.total}):")
    else:
        lines.append(f"{response.total} procedure(s) match '{response.query}':")
    for n, r in enumerate(response.results, start=1):
        english = f" — {r.title_en}" if r.title_en else ""
        title = click.style(f"{r.title}{english}", bold=True) if color else f"{r.title}{english}"
        where = f"{r.url}#{r.anchor}" if r.anchor else r.url
        cited = f"  {r.section_ref}" if r.section_ref else ""  # "PP 3 §2": what a letter quotes
        lines.append(f"{n:>2}. {title}  [{r.category}] ({r.id}){cited}")
        lines.append(f"    {where}")
        lines.append(f"    {marks_to_terminal(r.snippet, color)}")
    return "\n".join(lines)


def format_procedure(proc, category, color: bool) -> str:
    def bold(text: str) -> str:
        return click.style(text, bold=True) if color else text

    lines = [bold(proc.title)]
    if proc.title_en:
        lines.append(proc.title_en)
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
    lines += [f"  {k}: {v}" for k, v in meta if v]
    if proc.summary:
        lines += ["", proc.summary]
    for number, line in enumerate(proc.body.split("\n"), start=proc.body_line):
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            cite = f"{cites[number]}  " if number in cites else ""  # "PP 3 §2", as the page shows it
            lines.append(bold(cite + heading.group(2)))
        else:
            lines.append(re.sub(r"^(\s*)[-*] \[ \]", r"\1☐", line))
    return "\n".join(lines).rstrip() + "\n"
