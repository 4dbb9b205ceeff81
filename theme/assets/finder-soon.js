/* Peer Support Directory: the finder's sense of time (mixed into Finder by finder.js).
 *
 * - Day and time-of-day facets in the visitor's zone: each group's weekly slots (IANA zone,
 *   weekday, local time) are placed with Intl, correct across clock changes.
 * - The next meeting of each group from the visitor's now, from its rules (occurrences.js, the
 *   twin of generator/contract/recurrence.py): a meeting that has started and not ended is
 *   "happening now" (a rule's end is its start plus its duration).
 * - "When": Today (a meeting starts before midnight, or is going on) or This week (one starts
 *   in the next 7 days), in the visitor's zone; and sort=soonest: groups by their next meeting,
 *   those happening now first, then groups with no meeting to come.
 * Each rule's next meeting is computed once and kept while it has not ended.
 */
(function () {
  "use strict";

  var DAY = 86400000;
  var parts = window.PeerFinderParts = window.PeerFinderParts || {};

  /* ---- a slot (zone, weekday, minutes) -> the visitor's weekday and time of day ---- */

  function offsetMinutes(format, instant) {
    var p = {};
    format.formatToParts(new Date(instant)).forEach(function (part) { p[part.type] = part.value; });
    var wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
    return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60000);
  }

  function zoneInfo(zone, now) {
    try {
      var format = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric",
      });
      return { format: format, now: offsetMinutes(format, now), later: offsetMinutes(format, now + 8 * DAY) };
    } catch (error) {
      return null;
    }
  }

  // The next instant (ms) at which it is `minutes` past midnight on `weekday` (0 = Monday) in the zone.
  function nextInstant(info, weekday, minutes, now) {
    var local = new Date(now + info.now * 60000);
    var today = (local.getUTCDay() + 6) % 7;
    var wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + ((weekday - today + 7) % 7), 0, minutes);
    if (wall < local.getTime()) wall += 7 * DAY;
    var instant = wall - info.now * 60000;
    if (info.now !== info.later) { // a clock change within the week: ask the zone at that time
      var first = offsetMinutes(info.format, wall - info.now * 60000);
      instant = wall - first * 60000;
      var second = offsetMinutes(info.format, instant);
      if (second !== first) instant = wall - second * 60000;
    }
    return instant;
  }

  function localSlots(slots, now) {
    var zones = {};
    return slots.map(function (slot) {
      if (!(slot[0] in zones)) zones[slot[0]] = zoneInfo(slot[0], now);
      var info = zones[slot[0]];
      if (!info) return null;
      var at = new Date(nextInstant(info, slot[1], slot[2], now));
      var hour = at.getHours();
      return [(at.getDay() + 6) % 7, hour < 12 ? 0 : hour < 17 ? 1 : 2];
    });
  }

  parts.loadSlots = function (data) {
    var slots = localSlots(data.slots, Date.now());
    this.docSlots = this.docs.map(function (doc) {
      return (doc.w || []).map(function (i) { return slots[i]; }).filter(Boolean);
    });
    this.ruleNext = new Array(data.rules.length);
    var zoneNote = this.root.querySelector("[data-finder-zone]");
    if (zoneNote) zoneNote.textContent = "Days and times are in your time zone (" + Intl.DateTimeFormat().resolvedOptions().timeZone + ").";
  };

  /* ---- "When": Today / This week ---- */

  parts.initSoon = function () {
    var self = this;
    this.when = "";
    this.whenRadios = Array.prototype.slice.call(this.root.querySelectorAll("[data-finder-when] input[type=radio]"));
    this.whenRadios.forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked) return;
        self.when = radio.value;
        self.changed();
      });
    });
  };

  parts.setWhen = function (value) {
    this.when = value === "today" || value === "week" ? value : "";
    var when = this.when;
    this.whenRadios.forEach(function (radio) { radio.checked = radio.value === when; });
  };

  // The instant before which a meeting must start to count (or null: any time).
  parts.whenLimit = function (now, when) {
    if (when === "today") {
      var midnight = new Date(now);
      midnight.setHours(24, 0, 0, 0);  // the visitor's next midnight, in their zone
      return midnight.getTime();
    }
    return when === "week" ? now + 7 * DAY : null;
  };

  parts.filterWhen = function (candidates, now) {
    var limit = this.whenLimit(now, this.when), self = this;
    if (limit === null) return candidates;
    return candidates.filter(function (d) {
      var next = self.nextOf(d, now);
      return next !== null && next.start < limit;
    });
  };

  // The counts beside Today and This week (every other filter applied): after the results are
  // drawn, so a first visit is not kept waiting for every group's next meeting.
  parts.whenCounts = function (all, now) {
    var self = this;
    clearTimeout(this.whenTimer);
    var count = function () {
      self.whenRadios.forEach(function (radio) {
        var label = radio.parentNode.querySelector("[data-count]");
        if (!label) return;
        var limit = self.whenLimit(now, radio.value), n = 0;
        for (var i = 0; i < all.length; i++) {
          var next = self.nextOf(all[i], now);
          if (next !== null && next.start < limit) n++;
        }
        label.textContent = "(" + n + ")";
      });
      self.root.setAttribute("data-finder-when-counted", String(now));
    };
    if (this.when) count();
    else this.whenTimer = setTimeout(count, 0);
  };

  /* ---- next meetings ---- */

  // The next meeting of listing `d` that has not ended at `now`: {start, end} (ms), or null (not
  // an active group, or no meeting to come). A meeting with start <= now is happening now.
  parts.nextOf = function (d, now) {
    var doc = this.docs[d];
    if (!doc.e || doc.x || !window.PeerOccurrences) return null;
    var best = null;
    for (var i = 0; i < doc.e.length; i++) {
      var r = doc.e[i], hit = this.ruleNext[r];
      // Kept while it has not ended (no earlier meeting can come first), unless the clock went back.
      if (!hit || hit.since > now || (hit.start !== null && hit.end < now)) {
        var rule = this.data.rules[r];
        var found = window.PeerOccurrences.upcoming([rule], now, 1, true);
        hit = this.ruleNext[r] = found.length ? { start: found[0].start, end: found[0].end, since: now } : { start: null, since: now };
      }
      if (hit.start !== null && (!best || hit.start < best.start)) best = hit;
    }
    return best;
  };

  // sort=soonest: meetings going on first, then by the next start; groups with none after, in
  // the order they came (relevance or name).
  parts.bySoonest = function (results, now) {
    var self = this, timed = [], rest = [];
    results.forEach(function (d, position) {
      var next = self.nextOf(d, now);
      if (next) timed.push([next.start, position, d]);
      else rest.push(d);
    });
    timed.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return timed.map(function (t) { return t[2]; }).concat(rest);
  };

  // A card's line about its next meeting: "Happening now, until <time>" or "Next meeting: <time>",
  // each a <time datetime> in the visitor's zone with its abbreviation. null when there is none.
  parts.meetingLine = function (d, now) {
    var next = this.nextOf(d, now);
    if (!next) return null;
    var occurrences = window.PeerOccurrences;
    var line = document.createElement("p");
    line.className = "finder-result__next";
    if (next.start <= now) {
      var badge = document.createElement("span");
      badge.className = "badge badge--now";
      badge.textContent = "Happening now";
      line.setAttribute("data-happening-now", "");
      line.append(badge, " Started ", occurrences.timeElement(document, next.start), "; ends ", occurrences.timeElement(document, next.end), ".");
    } else {
      line.append("Next meeting: ", occurrences.timeElement(document, next.start));
    }
    return line;
  };
})();
