#!/usr/bin/env python3
"""Parse every court's Atom feed and calendar with real parsers (feedparser, icalendar) and hold
them to the court files: one entry per built notice, newest first, with stable tag: ids and
updated at the start of the notice's date in the court's time zone; the outage from its start
to its end in the court's zone, and go-live as an all-day event. Usage: check_feeds.py [out]
"""
import datetime as dt
import pathlib
import re
import sys
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import yaml

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "out")
courts_dir = pathlib.Path(__file__).resolve().parent.parent / "courts"
problems, feeds, events = [], 0, 0


def fail(where, message):
    problems.append(f"{where}: {message}")


for court_dir in sorted(p for p in out.iterdir() if (p / "feed.xml").exists()):
    court = court_dir.name
    facts = yaml.safe_load((courts_dir / f"{court}.yaml").read_text())
    zone = ZoneInfo(facts["time_zone"])

    # The feed.
    where = f"{court}/feed.xml"
    feed = feedparser.parse((court_dir / "feed.xml").read_bytes())
    feeds += 1
    if feed.bozo:
        fail(where, f"not well-formed: {feed.bozo_exception}")
        continue
    if feed.version != "atom10":
        fail(where, f"not Atom 1.0 but {feed.version!r}")
    if not feed.feed.get("id", "").startswith("tag:"):
        fail(where, f"feed id {feed.feed.get('id')!r} is not a tag: URI")
    built = {p.stem for p in court_dir.glob("*.md")} | {p.stem for p in court_dir.glob("*.pdf")} \
        | {p.stem for p in court_dir.glob("*.html") if p.stem != "index" and not p.stem.endswith(".fragment")}
    kinds = [e.id.rsplit("/", 1)[-1] for e in feed.entries]
    if sorted(kinds) != sorted(built):
        fail(where, f"entries {sorted(kinds)} but notices built {sorted(built)}")
    if len(set(e.id for e in feed.entries)) != len(feed.entries):
        fail(where, "entry ids repeat")
    updated = []
    for entry in feed.entries:
        kind = entry.id.rsplit("/", 1)[-1]
        if entry.id != f"{feed.feed.id}/{kind}":
            fail(where, f"entry id {entry.id} is not under the feed's id")
        stamp = dt.datetime.fromisoformat(entry.updated)
        md = court_dir / f"{kind}.md"
        html = court_dir / f"{kind}.html"
        # The notice's own date: the HTML page's meta date, or the list command's schedule.
        date = None
        if html.exists():
            m = re.search(r'<meta name="date" content="([0-9-]+)">', html.read_text())
            date = dt.date.fromisoformat(m.group(1)) if m else None
        if date is None:
            fail(where, f"{kind}: cannot find the notice's date to compare")
            continue
        expected = dt.datetime.combine(date, dt.time(0, 0), zone)
        if stamp != expected or stamp.utcoffset() != expected.utcoffset():
            fail(where, f"{kind}: updated {entry.updated}, expected {expected.isoformat()}")
        links = {link.get("type"): link.href for link in entry.links}
        for mime, ext in (("text/html", "html"), ("application/pdf", "pdf")):
            if (court_dir / f"{kind}.{ext}").exists() and links.get(mime) != f"{kind}.{ext}":
                fail(where, f"{kind}: no {mime} link to {kind}.{ext} (links: {links})")
        updated.append(stamp)
    if updated != sorted(updated, reverse=True):
        fail(where, "entries are not newest first")
    if updated and dt.datetime.fromisoformat(feed.feed.updated) != max(updated):
        fail(where, f"feed updated {feed.feed.updated}, newest entry {max(updated).isoformat()}")

    # The calendar.
    calendars = list(court_dir.glob("*.ics"))
    if len(calendars) != 1:
        fail(court, f"expected one .ics file, found {len(calendars)}")
        continue
    where = f"{court}/{calendars[0].name}"
    calendar = icalendar.Calendar.from_ical(calendars[0].read_bytes())
    found = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    events += len(found)
    go_live = facts["go_live"]
    uid = f"{court}-go-live@"
    go = [e for u, e in found.items() if u.startswith(uid)]
    if len(go) != 1:
        fail(where, f"no single go-live event (UIDs: {sorted(found)})")
    else:
        start, end = go[0].decoded("DTSTART"), go[0].decoded("DTEND")
        if isinstance(start, dt.datetime) or start != go_live or end != go_live + dt.timedelta(days=1):
            fail(where, f"go-live event {start}..{end}, expected all day on {go_live}")
    outage = facts.get("outage")
    out_events = [e for u, e in found.items() if u.startswith(f"{court}-outage@")]
    if outage is None:
        if out_events:
            fail(where, "an outage event for a court without an outage")
    elif len(out_events) != 1:
        fail(where, f"no single outage event (UIDs: {sorted(found)})")
    else:
        event = out_events[0]
        for prop, local in (("DTSTART", outage["start"]), ("DTEND", outage["end"])):
            value = event.decoded(prop)
            expected = local.replace(tzinfo=zone)
            tzid = event[prop].params.get("TZID")
            if tzid != facts["time_zone"]:
                fail(where, f"outage {prop} has TZID {tzid}, expected {facts['time_zone']}")
            if value != expected or value.utcoffset() != expected.utcoffset():
                fail(where, f"outage {prop} {value.isoformat()}, expected {expected.isoformat()}")
        if not list(calendar.walk("VTIMEZONE")):
            fail(where, "timed events but no VTIMEZONE")
    for tz in calendar.walk("VTIMEZONE"):
        # The definition must agree with the tz database at the outage's instants.
        if outage is not None:
            for local in (outage["start"], outage["end"]):
                offset = local.replace(tzinfo=zone).utcoffset()
                parts = sorted(((p.decoded("DTSTART"), p.decoded("TZOFFSETTO"))
                                for p in tz.walk() if p.name in ("STANDARD", "DAYLIGHT")),
                               key=lambda x: x[0])
                effective = [to for start, to in parts if start <= local]
                if effective and effective[-1] != offset:
                    fail(where, f"VTIMEZONE gives {effective[-1]} at {local}, tz database {offset}")

for problem in problems:
    print(problem)
print(f"feeds and calendars: {feeds} feeds, {events} events parsed; {len(problems)} problems")
sys.exit(1 if problems else 0)
