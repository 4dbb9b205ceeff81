/* Peer Support Directory embed: one line on an organisation's page,

     <div data-peer-directory data-topic="grief" data-attendance="online"></div>
     <script src="https://DIRECTORY/embed.js" async></script>

   turns every [data-peer-directory] element into an iframe of DIRECTORY/embed/ with the
   element's data-* attributes as filters (several values: comma-separated), and sizes each
   iframe to its content. Height messages are accepted only from the directory's own origin and
   only from the iframe they resize. No third-party code, no cookies, nothing sent but filters.
   Code: MIT, Peer Support Directory contributors. */
(function () {
  "use strict";

  // Where this script came from, captured before anything else runs: the directory's origin.
  var current = document.currentScript;
  var src = current && current.src;
  if (!src) {
    var scripts = document.getElementsByTagName("script");
    for (var s = scripts.length - 1; s >= 0; s--) {
      if (/\/embed\.js(?:[?#].*)?$/.test(scripts[s].src || "")) { src = scripts[s].src; break; }
    }
  }
  if (!src || typeof URL === "undefined") return;

  var DIRECTORY_ORIGIN = new URL(src).origin;
  var EMBED_URL = new URL("embed/", src).href; // beside embed.js, also under a sub-path
  var MESSAGE = "peer-directory:height";
  var MIN_HEIGHT = 50;
  var MAX_HEIGHT = 20000;
  var MAX_VALUE = 100;
  // data-* attribute -> URL parameter of /embed/ (generator/embeds.py EMBED_ATTRIBUTES).
  var ATTRIBUTES = {
    kind: "kind", attendance: "attend", attend: "attend", topic: "topic", audience: "for",
    "for": "for", language: "lang", lang: "lang", country: "country", region: "region",
    cost: "cost", open: "open", q: "q", limit: "limit", theme: "theme", accent: "accent"
  };
  var LISTS = { kind: 1, attend: 1, topic: 1, "for": 1, lang: 1, country: 1, region: 1, cost: 1 };

  var widgets = []; // {frame, id}
  var prefix = "pd" + Math.floor(Math.random() * 1e9).toString(36) + "-";

  function embedUrl(element, id) {
    var params = new URLSearchParams();
    Object.keys(ATTRIBUTES).forEach(function (attribute) {
      var raw = element.getAttribute("data-" + attribute);
      if (raw === null) return;
      var param = ATTRIBUTES[attribute];
      var parts = LISTS[param] ? raw.split(",") : [raw];
      parts.forEach(function (part) {
        var value = part.trim().slice(0, MAX_VALUE);
        if (value) params.append(param, value);
      });
    });
    params.set("wid", id);
    if (location.origin && location.origin !== "null") params.set("origin", location.origin);
    return EMBED_URL + "?" + params.toString();
  }

  function mount(element) {
    if (element.hasAttribute("data-peer-directory-ready")) return;
    element.setAttribute("data-peer-directory-ready", "");
    var id = prefix + widgets.length;
    var frame = document.createElement("iframe");
    frame.src = embedUrl(element, id);
    frame.title = element.getAttribute("data-title") || "Peer support listings";
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    frame.setAttribute("width", "100%");
    frame.style.cssText = "display:block;width:100%;height:480px;border:0;overflow:hidden";
    widgets.push({ frame: frame, id: id });
    element.replaceChildren(frame);
  }

  function mountAll() {
    var elements = document.querySelectorAll("[data-peer-directory]");
    for (var i = 0; i < elements.length; i++) mount(elements[i]);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== DIRECTORY_ORIGIN) return;
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== MESSAGE) return;
    var height = data.height;
    if (typeof height !== "number" || !isFinite(height) || height < MIN_HEIGHT || height > MAX_HEIGHT) return;
    for (var i = 0; i < widgets.length; i++) {
      var widget = widgets[i];
      if (widget.frame.contentWindow && event.source === widget.frame.contentWindow && data.id === widget.id) {
        widget.frame.style.height = Math.ceil(height) + "px";
        return;
      }
    }
  });

  mountAll();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
})();
