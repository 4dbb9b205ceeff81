"""Peer Support Directory's generator: the data contract, the site build and contributor tools.

One room per feature (ARCHITECTURE.md has the picture); each room's __init__.py says what lives
there and what it may import, and tests/test_layout.py checks it:

    contract/      the data contract: YAML loader, field types, models, catalog, messages
    kinds.py       the one registry of kinds
    workers.py     forked workers and the garbage collector (a leaf)
    pages/         page producers: listings, browse, crisis; presentation filters, JSON-LD
    finder/        the finder: records, lunr index, its page and files
    embeds/        embeds for organisations: /embed/, the builder, _headers
    exports/       open data files: JSON, CSV, calendars, Atom, Meeting Guide, HSDS
    build/         MkDocs wiring: plugin, the producers' registry and types, direct pages
    contributors/  the `peerdir` CLI and its tools
"""
