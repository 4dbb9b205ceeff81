"""The data contract: what a file under directory/ may say, and the validated Catalog of them all.

yaml_loader (strict YAML with lines), fields (field types), models/ (one pydantic model per
kind), catalog (`load_catalog()`: every file, then cross_checks), problems and messages (errors
as `path:line: field: sentence`), suggest ("did you mean"), annotations (reading the models'
type annotations), recurrence (meeting dates), staleness (review ages), json_schema (the
schemas generated from the models), formats (what the open-data exports and `peerdir import`
agree on), spreadsheet (the spreadsheet template's columns, generated from the models).

May import: kinds, workers. Knows nothing of MkDocs, pages or files of the site: the CLI and the
build both call `load_catalog()` and print the same messages.
"""
