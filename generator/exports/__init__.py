"""Open data: files the build publishes next to the pages (JSON, CSV, ICS, Atom, Meeting Guide, HSDS,
and the spreadsheet templates for `peerdir import csv`).

Every exporter is a pure function `(catalog, settings) -> {site path: bytes}`, registered in
`generator.build.plan.file_producers()`. Output is deterministic: sorted keys, stable order,
and no time other than `settings.now` or dates from the listings.

May import: contract, kinds, build.products, pages (presentation's names of places).
"""
