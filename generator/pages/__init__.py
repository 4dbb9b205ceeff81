"""Page producers: pure functions `(catalog, settings) -> [GeneratedPage]`, rendered by templates
in theme/directory/: listings (one page per listing), browse (kinds, topics, audiences, countries,
attendance), crisis. Also what templates call: presentation (Jinja filters) and jsonld.

May import: contract, kinds, build.products.
"""
