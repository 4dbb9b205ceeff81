"""The finder (`/find/`): data (compact records and facet dictionaries, docs.json), index (the
lunr index, computed directly and written compactly), page (its producers: the page and the
files).

May import: contract, kinds, build.products, pages (presentation).
"""
