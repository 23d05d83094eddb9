"""A roadmap as an iCalendar file: an all-day event per milestone and per goal's deadline."""

from __future__ import annotations

import datetime as dt
import hashlib

from workbook.export.roadmap_file import PRODUCT
from workbook.model import Roadmap
from workbook.timeline import chart_title, month_date, window_words

__all__ = ["to_ics"]

_UID_DOMAIN = "career-goals-workbook"


def _stamp(roadmap: Roadmap) -> dt.datetime:
    """DTSTAMP: when the roadmap last changed, so the same roadmap gives the same file."""
    updated = roadmap.updated
    if updated.tzinfo is None:
        updated = updated.replace(tzinfo=dt.UTC)
    return updated.astimezone(dt.UTC).replace(microsecond=0)


def to_ics(roadmap: Roadmap, start: dt.date | None = None) -> bytes:
    """An iCalendar file: an all-day event for each milestone and for each goal's deadline.

    Month ``m`` falls on ``start`` (else ``roadmap.start_date``, else today) plus ``m`` months.
    UIDs depend only on the goal id (and a milestone's title and month), so re-importing an
    updated export updates events instead of duplicating them.
    """
    from icalendar import Calendar, Event

    base = start or roadmap.start_date or dt.date.today()
    stamp = _stamp(roadmap)
    cal = Calendar()
    cal.add("prodid", f"-//{PRODUCT}//Roadmap export//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", chart_title(roadmap))
    long_titles = {g.id: g.title for g in roadmap.long_term}

    def event(uid: str, month: int, summary: str, description: str) -> None:
        day = month_date(base, month)
        ev = Event()
        ev.add("uid", f"{uid}@{_UID_DOMAIN}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
        ev.add("summary", summary)
        ev.add("description", description)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)

    for goal in roadmap.goals:
        kind = "Long-term goal" if goal.is_long_term else "Short-term goal"
        about = [f"{kind}: {goal.title}", window_words(goal.start_month, goal.end_month)]
        if goal.leads_to in long_titles:
            about.append(f"Leads to: {long_titles[goal.leads_to]}")
        if goal.smart.measurable.strip():
            about.append(f"Measurable: {goal.smart.measurable}")
        seen: dict[str, int] = {}
        for ms in goal.milestones:
            digest = hashlib.sha256(f"{ms.month}\x1f{ms.title}".encode()).hexdigest()[:12]
            seen[digest] = seen.get(digest, 0) + 1
            suffix = "" if seen[digest] == 1 else f"-{seen[digest]}"
            event(
                f"{goal.id}-milestone-{digest}{suffix}",
                ms.month,
                f"Milestone: {ms.title}",
                "\n".join([f"Milestone at month {ms.month} of {goal.title}", *about[1:]]),
            )
        event(f"{goal.id}-end", goal.end_month, f"Goal due: {goal.title}", "\n".join(about))
    ics: bytes = cal.to_ical()
    return ics
