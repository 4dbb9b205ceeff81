"""Tools for contributors and maintainers, behind the `peerdir` CLI (cli): forms/ (a listing from
a submitted issue form), link_check, scaffold (`peerdir new`), field_docs (the field reference in
CONTRIBUTING.md).

May import: contract, kinds, workers. Nothing imports it.
"""
