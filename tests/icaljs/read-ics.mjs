// Prints, for each .ics file named on the command line, every VEVENT's UID and
// its start as a UTC instant, the way ical.js (inside many calendar apps) reads
// them, and the calendar's name (X-WR-CALNAME, unescaped):
// JSON {"path": {"name": ..., "events": [{"uid": ..., "start": "2026-11-25T15:00:00.000Z"}, ...]}}.
// Only the calendar's own VTIMEZONEs are known: nothing from ical.js' defaults.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

// RFC 5545 3.8.8.2: a non-standard property's value is TEXT unless it says otherwise;
// ical.js keeps unknown ones raw, so tell it, as calendar apps using it do for X-WR-CALNAME.
ICAL.design.defaultSet.property["x-wr-calname"] = { defaultType: "text" };

const out = {};
for (const path of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return { uid: event.uid, start: event.startDate.toJSDate().toISOString(), summary: event.summary };
  });
  out[path] = { name: calendar.getFirstPropertyValue("x-wr-calname"), events };
  ICAL.TimezoneService.reset();
}
process.stdout.write(JSON.stringify(out));
