"""Embeds for organisations: options (the `/embed/` page's parameters, the builder's choices and
the `_headers` file's text), page (the producers).

May import: contract, kinds, build.products, finder (an embed searches the finder's files).
"""
