/* The crisis page: the visitor's own country first.
   The country is guessed on this device only: the time zone the browser reports, looked up in
   IANA's zone table that the page carries (#crisis-zones), else the region of the first
   language that has one (en-GB -> GB). A choice in the chooser is kept in localStorage, on this
   device. Nothing is sent anywhere. Without JavaScript every country's lines are listed. */
(function () {
  "use strict";

  var KEY = "psd-crisis-country";

  function regionOf(tag) {
    try {
      var region = new Intl.Locale(tag).region;
      if (region && /^[A-Z]{2}$/.test(region)) return region;
    } catch (error) { /* not a language tag */ }
    return "";
  }

  function guessCountry(zones) {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { /* no Intl */ }
    // The zone says where the device is: a visitor abroad needs the local emergency number.
    if (zone && Object.prototype.hasOwnProperty.call(zones, zone)) return zones[zone];
    var languages = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < languages.length; i += 1) {
      var region = regionOf(languages[i]);
      if (region) return region;
    }
    return "";
  }

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (error) { return null; }
  }

  function store(country) {
    try { window.localStorage.setItem(KEY, country); } catch (error) { /* storage off: the choice lasts this visit */ }
  }

  function countryName(code) {
    try { return new Intl.DisplayNames(["en"], { type: "region" }).of(code) || code; } catch (error) { return code; }
  }

  function enhance() {
    var page = document.querySelector("[data-crisis-page]");
    var here = page && page.querySelector("[data-crisis-here]");
    if (!here || here.hasAttribute("data-crisis-ready")) return;
    here.setAttribute("data-crisis-ready", "");
    var zones = {};
    try { zones = JSON.parse(document.getElementById("crisis-zones").textContent); } catch (error) { /* guess from languages */ }
    var chooser = here.querySelector("[data-crisis-chooser]");
    var slot = here.querySelector("[data-crisis-here-slot]");
    var status = here.querySelector("[data-crisis-status]");
    var container = page.querySelector("[data-crisis-sections]");
    var sections = Array.prototype.slice.call(container.querySelectorAll(".crisis-country"));
    var elsewhere = page.querySelector("[data-crisis-elsewhere]");
    var elsewhereText = elsewhere.querySelector("[data-crisis-elsewhere-text]");
    var elsewhereDefault = elsewhereText.textContent;

    function optionFor(country) {
      for (var i = 0; i < chooser.options.length; i += 1) {
        if (country && chooser.options[i].value === country) return chooser.options[i];
      }
      return null;
    }

    function show(country) {
      // Put every section back in its place, then bring the visitor's to the top.
      sections.forEach(function (section) { section.classList.remove("crisis-country--here"); container.appendChild(section); });
      container.after(elsewhere);
      elsewhere.classList.remove("crisis-country--here");
      var option = optionFor(country);
      var section = option ? document.getElementById(option.getAttribute("data-section")) : elsewhere;
      chooser.value = option ? country : "";
      elsewhereText.textContent = !option && country
        ? "We list no crisis lines for " + countryName(country) + " yet. If you are in danger, call your local emergency number or go to the nearest emergency department."
        : elsewhereDefault;
      section.classList.add("crisis-country--here");
      slot.appendChild(section);
      return option ? option.textContent : (country ? countryName(country) : "another country");
    }

    var remembered = stored();
    show(remembered !== null ? remembered : guessCountry(zones));
    here.hidden = false;
    chooser.addEventListener("change", function () {
      store(chooser.value);
      var name = show(chooser.value);
      status.textContent = "Showing help for " + name + " first.";
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
