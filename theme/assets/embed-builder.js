/* The embed builder: keeps the preview iframe and the two snippets in step with the form.
   Snippets are plain text in readonly textareas (set with .value); every value in them is
   either a code from the form's own options or HTML-escaped. Material's instant navigation
   does not re-run page scripts, so this subscribes to document$ when it is there. */
(function () {
  "use strict";

  var HEX6 = /^#[0-9a-f]{6}$/i;
  var BACKGROUNDS = { light: ["ffffff", "f6faf9"], dark: ["121a1c", "1b2528"] }; // embed.css

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function channel(v) {
    v /= 255;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }
  function luminance(hex) {
    var n = parseInt(hex, 16);
    return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function readableOn(hex, scheme) {
    return BACKGROUNDS[scheme].every(function (bg) { return contrast(hex, bg) >= 4.5; });
  }

  function setup(root) {
    if (root.hasAttribute("data-eb-ready")) return;
    root.setAttribute("data-eb-ready", "");
    var config = JSON.parse(document.getElementById("embed-builder-config").textContent);
    var form = root.querySelector("[data-eb-form]");
    var preview = root.querySelector("[data-eb-preview]");
    var previewStatus = root.querySelector("[data-eb-preview-status]");
    var useAccent = root.querySelector("[data-eb-use-accent]");
    var accentInput = root.querySelector("[data-eb-accent]");
    var accentNote = root.querySelector("[data-eb-accent-note]");
    var scriptSnippet = root.querySelector("[data-eb-snippet='script']");
    var iframeSnippet = root.querySelector("[data-eb-snippet='iframe']");
    var siteUrl = root.getAttribute("data-site-url") || new URL(root.getAttribute("data-root"), location.href).href;
    if (!/\/$/.test(siteUrl)) siteUrl += "/";
    var previewBase = new URL(root.getAttribute("data-root") + "embed/", location.href).href;
    var attributeOf = {};
    Object.keys(config.attributes).forEach(function (attribute) { attributeOf[config.attributes[attribute]] = attribute; });
    var message = root.getAttribute("data-message");
    var facetParams = ["kind", "attend", "topic", "for", "lang", "country", "region", "cost", "open"];

    // The form as [param, value] pairs, in a fixed order; list values joined by commas.
    function state() {
      var pairs = [];
      facetParams.forEach(function (param) {
        var chosen = [];
        form.querySelectorAll("[name='" + param + "']").forEach(function (control) {
          if (control.type === "checkbox" ? control.checked : control.value) chosen.push(control.value);
        });
        if (chosen.length) pairs.push([param, chosen.join(",")]);
      });
      var q = form.elements.q.value.trim().slice(0, 100);
      if (q) pairs.push(["q", q]);
      var limit = parseInt(form.elements.limit.value, 10);
      if (isFinite(limit) && limit !== config.limit["default"]) {
        pairs.push(["limit", String(Math.min(Math.max(limit, 1), config.limit.max))]);
      }
      var theme = form.querySelector("[name='theme']:checked");
      if (theme && theme.value !== "light") pairs.push(["theme", theme.value]);
      if (useAccent.checked && HEX6.test(accentInput.value)) pairs.push(["accent", accentInput.value.slice(1).toLowerCase()]);
      return pairs;
    }

    function query(pairs) {
      var params = new URLSearchParams();
      pairs.forEach(function (pair) { params.append(pair[0], pair[1]); });
      return params.toString();
    }

    function snippets(pairs) {
      var attributes = pairs.map(function (pair) {
        return " data-" + attributeOf[pair[0]] + "=\"" + escapeHtml(pair[1]) + "\"";
      }).join("");
      var search = query(pairs);
      scriptSnippet.value = "<div data-peer-directory" + attributes + "></div>\n" +
        "<script src=\"" + escapeHtml(siteUrl + "embed.js") + "\" async></script>";
      iframeSnippet.value = "<iframe src=\"" + escapeHtml(siteUrl + "embed/" + (search ? "?" + search : "")) + "\"" +
        " title=\"Peer support listings\" loading=\"lazy\" style=\"width:100%;height:640px;border:0\"></iframe>";
    }

    function accentAdvice() {
      accentInput.disabled = !useAccent.checked;
      if (!useAccent.checked || !HEX6.test(accentInput.value)) {
        accentNote.textContent = "If a colour is too light or too dark to read as text, the widget uses its own colour instead.";
        return;
      }
      var hex = accentInput.value.slice(1);
      var light = readableOn(hex, "light"), dark = readableOn(hex, "dark");
      accentNote.textContent = light && dark ? "This colour is readable on light and dark backgrounds."
        : light ? "This colour is used on light backgrounds; on dark ones it is too dark to read, so the widget keeps its own colour there."
        : dark ? "This colour is used on dark backgrounds; on light ones it is too light to read, so the widget keeps its own colour there."
        : "This colour is hard to read on either background, so the widget keeps its own colours.";
    }

    var timer = null;
    var lastSrc = "";
    function updatePreview(pairs) {
      var search = query(pairs.concat([["wid", "preview"], ["origin", location.origin]]));
      var src = previewBase + "?" + search;
      if (src === lastSrc) return;
      lastSrc = src;
      preview.src = src;
      previewStatus.textContent = "Preview updated.";
    }

    function update(immediate) {
      accentAdvice();
      var pairs = state();
      snippets(pairs);
      clearTimeout(timer);
      if (immediate) updatePreview(pairs);
      else timer = setTimeout(function () { updatePreview(pairs); }, 250);
    }

    form.addEventListener("input", function () { update(false); });
    form.addEventListener("change", function () { update(false); });
    form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });

    // The preview sizes itself like a real embed: only from this site's origin and that iframe.
    window.addEventListener("message", function (event) {
      if (event.origin !== location.origin || event.source !== preview.contentWindow) return;
      var data = event.data;
      if (!data || data.type !== message || data.id !== "preview") return;
      if (typeof data.height !== "number" || !isFinite(data.height) || data.height < 50 || data.height > 20000) return;
      preview.style.height = Math.ceil(data.height) + "px";
    });

    root.querySelectorAll("[data-eb-copy]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-eb-copy"));
      var status = root.querySelector("[data-eb-copy-status='" + target.id + "']");
      function selectFallback() {
        target.focus();
        target.select();
        var copied = false;
        try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
        status.textContent = copied ? "Copied." : "Selected: press Ctrl+C (or ⌘+C) to copy.";
      }
      button.addEventListener("click", function () {
        status.textContent = "";
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(target.value).then(function () { status.textContent = "Copied."; }, selectFallback);
        } else {
          selectFallback();
        }
      });
    });

    update(true);
    previewStatus.textContent = "";
  }

  function start() {
    var root = document.querySelector("[data-embed-builder]");
    if (root) setup(root);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
