"""api/v1/templates/<kind>-template.csv: the spreadsheet template for adding many listings at once
(`peerdir import csv`), one per kind, generated from the models and the vocabularies
(contract/spreadsheet.py) so it cannot drift from the data contract."""

from __future__ import annotations

from generator.build.products import BuildSettings
from generator.contract.catalog import Catalog
from generator.contract.spreadsheet import template_csv
from generator.exports.common import API
from generator.kinds import LISTING_KINDS

TEMPLATES = f"{API}templates/"


def template_path(folder: str) -> str:
    return f"{TEMPLATES}{folder}-template.csv"


def import_templates(catalog: Catalog, settings: BuildSettings) -> dict[str, bytes]:
    return {template_path(kind.folder): template_csv(kind.model, catalog.vocabularies) for kind in LISTING_KINDS}
