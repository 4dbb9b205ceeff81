"""Tools for contributors and maintainers, behind the `peerdir` CLI (cli): forms/ (a listing from
a submitted issue form), importers/ (`peerdir import`: listings from a Meeting Guide feed, an HSDS
export or the spreadsheet template), link_check, scaffold (`peerdir new`), field_docs (the field
reference in CONTRIBUTING.md).

May import: contract, kinds, workers. Nothing imports it.
"""
