{#- A template (mkdocs.yml: theme.static_templates), rendered once per build from the navigation. -#}
{%- import "directory/partials/site-nav.html" as site_nav with context -%}
{%- set mark = directory_slot("root") -%}
/* The whole navigation of the pages outside it (listings, facet pages), made once per build from
   directory/partials/site-nav.html: such a page carries only its first level, then loads this file
   right after that list, which puts every link in its place before the rest of the page is read
   (so the drawer and the wide screen's sidebar never show the short list once this file is cached).
   Links are made absolute from the site's root, the folder above this file. */
(function () {
  var script = document.currentScript, list = script && script.previousElementSibling;
  if (!list) return;
  var root = new URL("..", script.src).href;
  list.innerHTML = {{ site_nav.items(nav.items, mark) | string | tojson }}.split({{ mark | tojson }}).join(root);
})();
