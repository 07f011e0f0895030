"""Procedures overdue for review or never reviewed, grouped by the office that owns them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from indexer.manual.model import Manual, Procedure

NO_OWNER = "(no owner)"


@dataclass(frozen=True)
class Stale:
    procedure: Procedure
    reason: str  # "overdue" or "never reviewed"
    days_overdue: int

    def to_dict(self) -> dict:
        p = self.procedure
        return {
            "id": p.id,
            "title": p.title,
            "path": p.path,
            "owner": p.owner or NO_OWNER,
            "reason": self.reason,
            "review_due": p.review_due.isoformat() if p.review_due else None,
            "last_reviewed": p.last_reviewed.isoformat() if p.last_reviewed else None,
            "days_overdue": self.days_overdue,
        }


def stale_by_owner(manual: Manual, today: date | None = None) -> dict[str, list[Stale]]:
    today = today or date.today()
    groups: dict[str, list[Stale]] = {}
    for proc in manual.procedures:
        if proc.last_reviewed is None:
            item = Stale(proc, "never reviewed", 0)
        elif proc.review_due is not None and proc.review_due < today:
            item = Stale(proc, "overdue", (today - proc.review_due).days)
        else:
            continue
        groups.setdefault(proc.owner or NO_OWNER, []).append(item)
    for items in groups.values():
        items.sort(key=lambda s: (s.reason != "never reviewed", -s.days_overdue, s.procedure.id))
    return dict(sorted(groups.items()))
