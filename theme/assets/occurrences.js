/* Peer Support Directory: meeting occurrences computed in the browser, from the rules.
 *
 * One module for the finder, the group pages and the embed page (window.PeerOccurrences), so a
 * page is right however long ago the site was built. It follows generator/recurrence.py exactly
 * (tests/test_occurrences_property.py compares them over two years and many zones):
 *   1. dates from the rule in the meeting's wall-clock calendar (weekly, every n weeks counted
 *      from the week of `starts_on`, weeks start on Monday; nth or last weekday of the month;
 *      from `starts_on`, until `ends_on` inclusive);
 *   2. each date at the start time, placed in the IANA zone as Python's zoneinfo does with
 *      fold=0: a wall time skipped by a spring-forward uses the offset from before the change
 *      (02:30 becomes 03:30), and a wall time that happens twice is the first of the two.
 *
 * Why Intl.DateTimeFormat and no library: the browser already carries the IANA database, and
 * Intl with `timeZone` gives a zone's offset at any instant; the rules are three simple
 * patterns. rrule.js (~40 kB minified) treats TZID as "floating" times to be converted by the
 * caller, so it would still need this conversion; a Temporal polyfill (~20-60 kB gzipped) would
 * do the conversion but is many times this module for one function. Date arithmetic is done on
 * "wall" numbers: milliseconds since the epoch of a wall-clock time read as if it were UTC.
 *
 * A rule is the array generator/recurrence.py `browser_rule` writes:
 *   [zone, start minutes after midnight, duration minutes, [weekday 0 = Monday, ...], interval,
 *    [weeks of month, -1 = last] (empty when weekly), "starts_on" or "", "ends_on" or ""]
 */
(function () {
  "use strict";

  if (window.PeerOccurrences) return;  // the finder loads it before Material's scripts, and the page again after
  var DAY = 86400000;
  var formats = {};

  function zoneFormat(zone) {
    if (!(zone in formats)) {
      try {
        formats[zone] = new Intl.DateTimeFormat("en-US", {
          timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
          hour: "numeric", minute: "numeric", second: "numeric",
        });
      } catch (error) {
        formats[zone] = null; // a zone this browser does not know: no times rather than wrong ones
      }
    }
    return formats[zone];
  }

  // The zone's offset from UTC (ms) at an instant.
  function offset(format, instant) {
    var parts = {};
    format.formatToParts(new Date(instant)).forEach(function (p) { parts[p.type] = p.value; });
    var wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute, +parts.second);
    return wall - Math.floor(instant / 1000) * 1000;
  }

  // The instant of a wall time in the zone, as zoneinfo with fold=0 (see the top).
  function instantOf(format, wall) {
    var before = offset(format, wall - DAY), after = offset(format, wall + DAY);
    var early = wall - before, late = wall - after;
    var earlyOk = offset(format, early) === before, lateOk = offset(format, late) === after;
    if (earlyOk && lateOk) return Math.min(early, late);
    if (earlyOk) return early;
    if (lateOk) return late;
    return early; // in a gap: the offset from before the change
  }

  function parseDate(text) {
    if (!text) return null;
    var p = text.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function weekday(day) { return (new Date(day).getUTCDay() + 6) % 7; }

  function mondayOf(day) { return day - weekday(day) * DAY; }

  function meetsOn(rule, day, first) {
    if (rule.days.indexOf(weekday(day)) < 0) return false;
    if (!rule.weeks.length) {
      return rule.interval === 1 || Math.round((mondayOf(day) - mondayOf(first)) / DAY / 7) % rule.interval === 0;
    }
    var date = new Date(day), monthDay = date.getUTCDate();
    var length = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    for (var i = 0; i < rule.weeks.length; i++) {
      var week = rule.weeks[i];
      if (week === -1 ? monthDay + 7 > length : Math.floor((monthDay - 1) / 7) + 1 === week) return true;
    }
    return false;
  }

  function parseRule(array) {
    return {
      zone: array[0], minutes: array[1], duration: array[2], days: array[3], interval: array[4] || 1,
      weeks: array[5] || [], startsOn: parseDate(array[6]), endsOn: parseDate(array[7]),
    };
  }

  // The next `count` starts (ms) at or after the instant `after` (ms): recurrence.next_occurrences.
  function next(array, after, count) {
    var rule = parseRule(array);
    var format = zoneFormat(rule.zone);
    var found = [];
    if (!format || !rule.days.length) return found;
    var since = after + offset(format, after) - DAY; // wall time, a day early (see recurrence.py)
    var sinceDay = Math.floor(since / DAY) * DAY;
    var first = rule.startsOn === null ? sinceDay : rule.startsOn;
    var day = Math.max(first, sinceDay);
    // Each rule meets at least once in 8 weeks (every 8 weeks) or in 3 months (a 5th weekday).
    var stop = day + (count + 2) * 100 * DAY;
    if (rule.endsOn !== null) stop = Math.min(stop, rule.endsOn);
    for (; day <= stop && found.length < count; day += DAY) {
      if (!meetsOn(rule, day, first)) continue;
      var wall = day + rule.minutes * 60000;
      if (wall < since) continue;
      var instant = instantOf(format, wall);
      if (instant >= after) found.push(instant);
    }
    return found;
  }

  // The next `count` meetings of a group across its rules: {start, end, rule (position)}, by
  // start then rule order, as generator/pages/listings.py `upcoming` merges them. Meetings still
  // going on count when `ongoing` is set (their end is at or after `now`).
  function upcoming(rules, now, count, ongoing) {
    var all = [];
    rules.forEach(function (array, index) {
      var from = ongoing ? now - (array[2] || 0) * 60000 : now;
      next(array, from, count).forEach(function (start) {
        all.push({ start: start, end: start + (array[2] || 0) * 60000, rule: index, zone: array[0] });
      });
    });
    all.sort(function (a, b) { return a.start - b.start || a.rule - b.rule; });
    return all.slice(0, count);
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // ISO 8601 with the offset of `zone` (the visitor's own when not given): for <time datetime>.
  function iso(instant, zone) {
    var format = zone ? zoneFormat(zone) : null;
    var shift = format ? offset(format, instant) : -new Date(instant).getTimezoneOffset() * 60000;
    var wall = new Date(instant + shift);
    var minutes = Math.round(Math.abs(shift) / 60000);
    return wall.getUTCFullYear() + "-" + pad(wall.getUTCMonth() + 1) + "-" + pad(wall.getUTCDate()) +
      "T" + pad(wall.getUTCHours()) + ":" + pad(wall.getUTCMinutes()) + ":" + pad(wall.getUTCSeconds()) +
      (shift < 0 ? "-" : "+") + pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  var displays = {};
  function display(zone) {
    var key = zone || "";
    if (!(key in displays)) {
      var options = { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
      if (zone) options.timeZone = zone;
      displays[key] = new Intl.DateTimeFormat(undefined, options);
    }
    return displays[key];
  }

  // A <time> element for an instant, in `zone` or else the visitor's zone, with its abbreviation.
  function timeElement(doc, instant, zone) {
    var time = doc.createElement("time");
    time.setAttribute("datetime", iso(instant, zone));
    time.textContent = display(zone).format(new Date(instant));
    return time;
  }

  var zoneNames = {};
  // The zone's abbreviation at an instant, as a person reads it: "BST", "EST", else "GMT+11".
  function abbreviation(instant, zone) {
    var names = ["en-GB", "en-US"].map(function (locale) {
      var key = locale + " " + zone;
      if (!(key in zoneNames)) zoneNames[key] = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "short" });
      var part = zoneNames[key].formatToParts(new Date(instant)).filter(function (p) { return p.type === "timeZoneName"; })[0];
      return part ? part.value : "";
    });
    return names.filter(function (name) { return !/^(GMT|UTC)[+-]/.test(name); })[0] || names[0];
  }

  var longDates = {};
  // "Tuesday 24 November 2026, 18:30–20:00 GMT" in the meeting's zone, as the server writes it
  // (generator/presentation.py meeting_when).
  function meetingText(start, end, zone) {
    var format = zoneFormat(zone);
    if (!(zone in longDates)) {
      longDates[zone] = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric" });
    }
    var parts = {};
    longDates[zone].formatToParts(new Date(start)).forEach(function (p) { parts[p.type] = p.value; });
    function clock(instant) {
      var wall = new Date(instant + offset(format, instant));
      return pad(wall.getUTCHours()) + ":" + pad(wall.getUTCMinutes());
    }
    return parts.weekday + " " + parts.day + " " + parts.month + " " + parts.year + ", " +
      clock(start) + "\u2013" + clock(end) + " " + abbreviation(start, zone);
  }

  window.PeerOccurrences = {
    next: next, upcoming: upcoming, iso: iso, timeElement: timeElement, meetingText: meetingText,
  };
})();
