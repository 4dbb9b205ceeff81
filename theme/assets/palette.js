{#- A template (mkdocs.yml: theme.static_templates), rendered once per build from the palette in
    mkdocs.yml. -#}
/* Material for MkDocs 9.8's palette (partials/palette.html and partials/javascripts/palette.html),
   which it prints inline on every page: here once for the whole site. Loaded right after the
   palette's empty form (theme/partials/header.html), it draws Material's toggle into it (the same
   inputs and labels, the icons from the shared assets/icons.svg next to this file), then applies
   the visitor's chosen colour scheme before the page is drawn; Material's script mounts the form. */
(function () {
  {#- Each option as Material's palette.html prints it. -#}
  {%- set options = [] %}
  {%- if config.theme.palette and config.theme.palette is not mapping %}
    {%- for option in config.theme.palette %}
      {%- set _ = options.append({
        "media": option.media,
        "scheme": option.scheme | d("default", true) | replace(" ", "-"),
        "primary": option.primary | d("indigo", true) | replace(" ", "-"),
        "accent": option.accent | d("indigo", true) | replace(" ", "-"),
        "name": option.toggle.name if option.toggle else "",
        "icon": option.toggle.icon | replace("/", "-") if option.toggle else "",
      }) %}
    {%- endfor %}
  {%- endif %}
  var options = {{ options | tojson }};
  var form = document.querySelector("form[data-md-component=palette]");
  var icons = new URL("icons.svg", document.currentScript.src).href;
  if (form && !form.firstChild) options.forEach(function (option, index) {
    var input = document.createElement("input");
    input.className = "md-option";
    ["media", "scheme", "primary", "accent"].forEach(function (key) { input.setAttribute("data-md-color-" + key, option[key]); });
    if (option.name) input.setAttribute("aria-label", option.name); else input.setAttribute("aria-hidden", "true");
    input.type = "radio"; input.name = "__palette"; input.id = "__palette_" + index;
    form.appendChild(input);
    if (!option.name) return;
    var label = document.createElement("label");
    label.className = "md-header__button md-icon";
    label.title = option.name;
    label.htmlFor = "__palette_" + (index + 1) % options.length;
    label.hidden = true;
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg"), use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    svg.setAttribute("aria-hidden", "true");
    use.setAttribute("href", icons + "#" + option.icon);
    svg.appendChild(use);
    label.appendChild(svg);
    form.appendChild(label);
  });
})();
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
