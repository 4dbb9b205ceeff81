/* Peer Support Directory: "near a place" in the finder (mixed into Finder by finder.js).
 *
 * The near box is a combobox (ARIA 1.2: role=combobox on the input, a listbox of places, arrow
 * keys, Enter, Escape) over the site's own gazetteer (generator/finder/places.py): one small
 * file per first letter, downloaded only when the box is used. "Use my location" asks the
 * browser for the device's position (opt-in); the position stays on the device: the URL says
 * near=me, and the nearest town (for its country) is looked up in a file of the position's
 * 5-degree cell. Groups with a place (`g` in docs.json) are ordered by distance, in miles where
 * the visitor's locale uses them (US, GB, LR, MM) and kilometres elsewhere; online groups are
 * open to the visitor wherever they are, and groups serving the place's region or country say
 * so: neither is ever "far away". The radius keeps groups within it, and those two.
 */
(function () {
  "use strict";

  var MILE = 1.609344;
  var MILE_REGIONS = ["US", "GB", "LR", "MM"];
  var RADII = { mi: [5, 10, 25, 50, 100], km: [10, 25, 50, 100, 200] };
  var SUGGESTIONS = 8;
  var parts = window.PeerFinderParts = window.PeerFinderParts || {};
  var fold = function (text) { return window.PeerSearchIndex.fold(text).trim(); };

  function unitFor(locale) {
    var region = "";
    try { region = new Intl.Locale(locale).maximize().region || ""; } catch (error) { region = ""; }
    return MILE_REGIONS.indexOf(region) >= 0 ? "mi" : "km";
  }

  var countryNames = null;
  function countryName(code) {
    try {
      countryNames = countryNames || new Intl.DisplayNames(["en"], { type: "region" });
      return countryNames.of(code) || code;
    } catch (error) {
      return code;
    }
  }

  // Rows: [name, ascii name or "", country code, admin1 code, latitude, longitude, population].
  function placeOf(row) {
    var label = row[0] + (/^[A-Z]{2,3}$/.test(row[3]) ? ", " + row[3] : "") + ", " + countryName(row[2]);
    return { lat: row[4], lon: row[5], label: label, name: row[0], country: row[2], region: row[2] + "-" + row[3] };
  }

  function kilometres(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 12742 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function parseRadius(text) {
    var match = /^(\d+(?:\.\d+)?)\s*(mi|km)?$/.exec(text || "");
    if (!match || !(+match[1] > 0)) return null;
    return { value: +match[1], unit: match[2] || "km", km: +match[1] * (match[2] === "mi" ? MILE : 1) };
  }

  parts.kilometres = kilometres;  // also finder-first.js' nearest groups: the same distances

  parts.initNear = function () {
    var self = this;
    this.nearInput = this.root.querySelector("[data-finder-near]");
    this.nearList = this.root.querySelector("[data-finder-near-list]");
    this.nearStatus = this.root.querySelector("[data-finder-near-status]");
    this.radiusSelect = this.root.querySelector("[data-finder-radius]");
    this.placesUrl = this.root.getAttribute("data-places");
    this.unit = unitFor(navigator.language || "en");
    this.shards = {};
    this.options = [];
    this.active = -1;
    this.nearParam = "";
    this.near = null;
    this.radiusParam = "";
    this.radiusKm = null;
    this.fillRadius("");
    this.nearInput.addEventListener("input", function () { self.suggest(); });
    this.nearInput.addEventListener("keydown", function (event) { self.nearKey(event); });
    this.nearInput.addEventListener("blur", function () { self.closeList(); });
    this.nearInput.addEventListener("change", function () { if (self.syncNear()) self.changed(); });
    this.nearList.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep focus in the box
    this.nearList.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) self.choose(+option.getAttribute("data-index"));
    });
    this.root.querySelector("[data-finder-locate]").addEventListener("click", function () {
      self.setNear("me", self.radiusParam);
      self.changed();
    });
    this.radiusSelect.addEventListener("change", function () {
      self.radiusParam = self.radiusSelect.value;
      var radius = parseRadius(self.radiusParam);
      self.radiusKm = radius ? radius.km : null;
      self.changed();
    });
  };

  parts.fillRadius = function (param) {
    var select = this.radiusSelect, unit = this.unit, radius = parseRadius(param);
    var values = RADII[unit].map(function (n) { return { value: n, unit: unit }; });
    if (radius && !values.some(function (v) { return v.value === radius.value && v.unit === radius.unit; })) values.push(radius);
    var options = [new Option("Any distance", "")].concat(values.map(function (v) {
      return new Option("Within " + v.value + (v.unit === "mi" ? (v.value === 1 ? " mile" : " miles") : " km"), v.value + v.unit);
    }));
    select.replaceChildren.apply(select, options);
    select.value = radius ? radius.value + radius.unit : "";
  };

  /* ---- the gazetteer ---- */

  parts.shard = function (file) {
    if (!this.shards[file]) {
      this.shards[file] = fetch(this.placesUrl + file + ".json").then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }
    return this.shards[file];
  };

  function letterOf(name) {
    var first = fold(name).charAt(0);
    return first >= "a" && first <= "z" ? first : "other";
  }

  // Places whose name begins with the text before the first comma; the words after it must each
  // be the place's country (code or name) or admin1 code ("Portland, ME").
  function matching(rows, text, exact) {
    var pieces = text.split(","), wanted = fold(pieces[0]), qualifiers = pieces.slice(1).map(fold).filter(Boolean);
    return rows.filter(function (row) {
      var name = fold(row[0]), plain = fold(row[1] || row[0]);
      var hit = exact ? name === wanted || plain === wanted : name.lastIndexOf(wanted, 0) === 0 || plain.lastIndexOf(wanted, 0) === 0;
      return hit && qualifiers.every(function (q) {
        return q === fold(row[2]) || q === fold(row[3]) || q === fold(countryName(row[2]));
      });
    });
  }

  // The nearest town of 15,000+ people to a position, from its cell's file (null if none there).
  parts.nearestTown = function (lat, lon) {
    var cell = Math.floor(lat / 5) * 5 + "_" + Math.floor(lon / 5) * 5;
    return this.shard("grid/" + cell).then(function (rows) {
      var best = null, bestKm = Infinity;
      rows.forEach(function (row) {
        var km = kilometres(lat, lon, row[4], row[5]);
        if (km < bestKm) { best = row; bestKm = km; }
      });
      return best && bestKm < 100 ? placeOf(best) : null;
    }, function () { return null; });
  };

  /* ---- the state: near= and radius= ---- */

  parts.setNear = function (param, radiusParam) {
    var self = this, text = (param || "").trim();
    this.fillRadius(radiusParam);
    var radius = parseRadius(radiusParam);
    this.radiusParam = radius ? radius.value + radius.unit : "";
    this.radiusKm = radius ? radius.km : null;
    if (text === this.nearParam && (this.near || !text)) return;
    this.nearParam = text;
    this.near = null;
    this.nearInput.value = text === "me" ? "" : text;
    if (!text) { this.nearState("", ""); return; }
    var ticket = this.nearTicket = {}, settled;
    // Resolves with the place once found (null: not found, or another place asked for since):
    // finder-first.js waits on it for the nearest groups' first page.
    this.nearSettled = new Promise(function (resolve) { settled = resolve; });
    var settle = function (place, message) {
      settled(ticket === self.nearTicket ? place : null);
      if (ticket !== self.nearTicket) return;  // another place was asked for since
      self.near = place;
      if (place && text !== "me" && !/^-?[\d.]+\s*,/.test(text)) self.nearInput.value = place.label;
      self.nearState(place ? "ready" : "unknown", message);
      self.rendered = null;
      if (self.docs) self.update({ announce: true });
    };
    var coordinates = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
    if (text === "me") {
      this.nearState("pending", "Finding your location\u2026 It stays on this device.");
      if (!navigator.geolocation) { settle(null, "This browser cannot give your location. Type a town or city instead."); return; }
      navigator.geolocation.getCurrentPosition(function (position) {
        self.located(position.coords.latitude, position.coords.longitude, "your location", settle);
      }, function () {
        settle(null, "Your location could not be found (it may not be allowed for this site). Type a town or city instead.");
      }, { maximumAge: 600000, timeout: 15000 });
    } else if (coordinates && Math.abs(+coordinates[1]) <= 90 && Math.abs(+coordinates[2]) <= 180) {
      this.nearState("pending", "");
      this.located(+coordinates[1], +coordinates[2], (+coordinates[1]).toFixed(3) + ", " + (+coordinates[2]).toFixed(3), settle);
    } else {
      this.nearState("pending", "Looking up \u201c" + text + "\u201d\u2026");
      this.shard(letterOf(text)).then(function (rows) {
        var found = matching(rows, text, true)[0];
        settle(found ? placeOf(found) : null, found ? "" :
          "\u201c" + text + "\u201d is not in the list of towns and cities of 15,000 people or more. Try the nearest larger town.");
      }, function () { settle(null, "The list of places could not be loaded. Try again later."); });
    }
  };

  parts.located = function (lat, lon, label, settle) {
    this.nearestTown(lat, lon).then(function (town) {
      settle({ lat: lat, lon: lon, label: town ? label + " (near " + town.name + ")" : label,
               country: town ? town.country : null, region: town ? town.region : null }, "");
    });
  };

  parts.nearState = function (state, message) {
    this.root.setAttribute("data-finder-near-state", state || "none");
    this.nearStatus.textContent = message || (state === "ready" ? "Showing listings near " + this.near.label + "." : "A town or city. Your location stays on your device.");
  };

  /* ---- the combobox ---- */

  parts.suggest = function () {
    var self = this, text = this.nearInput.value;
    if (fold(text).length < 2) { this.closeList(); return; }
    this.shard(letterOf(text)).then(function (rows) {
      if (self.nearInput.value !== text) return;  // typed on since
      self.options = matching(rows, text, false).slice(0, SUGGESTIONS).map(placeOf);
      self.active = -1;
      self.drawList();
    }, function () { self.closeList(); });
  };

  parts.drawList = function () {
    var self = this;
    var items = this.options.map(function (place, i) {
      var li = document.createElement("li");
      li.id = "finder-near-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("data-index", String(i));
      li.setAttribute("aria-selected", String(i === self.active));
      li.className = "finder__near-option";
      li.textContent = place.label;
      return li;
    });
    this.nearList.replaceChildren.apply(this.nearList, items);
    var open = items.length > 0;
    this.nearList.hidden = !open;
    this.nearInput.setAttribute("aria-expanded", String(open));
    if (this.active >= 0) this.nearInput.setAttribute("aria-activedescendant", "finder-near-option-" + this.active);
    else this.nearInput.removeAttribute("aria-activedescendant");
  };

  parts.closeList = function () {
    this.options = [];
    this.active = -1;
    this.drawList();
  };

  parts.nearKey = function (event) {
    var open = this.options.length > 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!open) { this.suggest(); return; }
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1, n = this.options.length;
      this.active = this.active < 0 ? (step > 0 ? 0 : n - 1) : (this.active + step + n) % n;
      this.drawList();
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      this.closeList();
    } else if (event.key === "Enter") {
      event.preventDefault();  // Enter here picks a place; it does not submit the search
      if (open) this.choose(this.active >= 0 ? this.active : 0);
      else { this.setNear(this.nearInput.value, this.radiusParam); this.changed(); }
    }
  };

  parts.nearPending = function () { return document.activeElement === this.nearInput; };

  // A place typed but not picked (the box left with Tab, or the search button pressed): looked up
  // as typed. True when the place changed.
  parts.syncNear = function () {
    var text = this.nearInput.value.trim();
    var shown = this.nearParam === "me" ? "" : this.near ? this.near.label : this.nearParam;
    if (text === shown || (!text && this.nearParam === "me")) return false;
    this.setNear(text, this.radiusParam);
    return true;
  };

  parts.choose = function (index) {
    var place = this.options[index];
    if (!place) return;
    this.closeList();
    this.nearTicket = null;
    this.nearParam = place.label;
    this.near = place;
    this.nearInput.value = place.label;
    this.nearState("ready", "");
    this.changed();
  };

  /* ---- distances, radius and order ---- */

  parts.distanceOf = function (d) {
    var g = this.docs[d].g;
    return this.near && g ? kilometres(this.near.lat, this.near.lon, g[0], g[1]) : null;
  };

  // 1: online (open wherever the visitor is); 2: serves the place's country or region; 0: neither.
  parts.reach = function (d) {
    var doc = this.docs[d], near = this.near;
    if (this.onlineCode === undefined) {
      var attend = this.facetByKey("a");
      this.onlineCode = attend ? attend.codes.indexOf("online") : -1;
    }
    if ((doc.a || []).indexOf(this.onlineCode) >= 0 && this.onlineCode >= 0) return 1;
    if (!near || !near.country || doc.g || !doc.c) return 0;
    var countries = this.facetByKey("c").codes, regions = this.facetByKey("r");
    var inCountry = doc.c.some(function (c) { return countries[c] === near.country; });
    if (!inCountry) return 0;
    var own = (doc.r || []).map(function (r) { return regions.codes[r]; }).filter(function (code) { return code.split("-")[0] === near.country; });
    return !own.length || own.indexOf(near.region) >= 0 ? 2 : 0;
  };

  parts.withinRadius = function (candidates) {
    if (!this.near || this.radiusKm === null) return candidates;
    var self = this, limit = this.radiusKm;
    return candidates.filter(function (d) {
      var km = self.distanceOf(d);
      return km !== null ? km <= limit : self.reach(d) > 0;
    });
  };

  // sort=nearest: places by distance, then online groups, then those serving the place, then the rest.
  parts.byDistance = function (results) {
    var self = this;
    var keyed = results.map(function (d, position) {
      var km = self.distanceOf(d);
      var tier = km !== null ? 0 : [3, 1, 2][self.reach(d)];
      return [tier, km === null ? 0 : km, position, d];
    });
    keyed.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return keyed.map(function (k) { return k[3]; });
  };

  parts.formatDistance = function (km) {
    var value = this.unit === "mi" ? km / MILE : km, unit = this.unit === "mi" ? " miles" : " km";
    if (value < 1) return "less than 1" + (this.unit === "mi" ? " mile" : " km") + " away";
    var shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
    return shown.toLocaleString(navigator.language || "en") + unit + " away";
  };

  // A card's line about where it is, while a place is set: a distance, online, or whom it serves.
  parts.placeLine = function (d) {
    if (!this.near) return null;
    var doc = this.docs[d], self = this, km = this.distanceOf(d), reach = km === null ? this.reach(d) : 0, text;
    if (km !== null) text = this.formatDistance(km);
    else if (reach === 1) text = "Online \u2014 open to you wherever you are";
    else if (doc.r && doc.r.length) text = "Serves " + doc.r.map(function (r) { return self.label("r", r); }).join(", ");
    else if (doc.z && doc.c) text = "Serves " + doc.c.map(function (c) { return self.label("c", c); }).join(", ");
    else return null;
    var p = document.createElement("p");
    p.className = "finder-result__where";
    p.setAttribute("data-finder-where", km !== null ? "distance" : reach === 1 ? "online" : "serves");
    p.textContent = text;
    return p;
  };

  parts.nearText = function () {
    if (!this.near) return "";
    var radius = parseRadius(this.radiusParam);
    return " near " + this.near.label + (radius ? " within " + radius.value + (radius.unit === "mi" ? " miles" : " km") : "");
  };

  parts.nearSignature = function () {
    return this.near ? this.near.lat + "," + this.near.lon + this.unit : "";
  };
})();
