"""CSV tables: flat columns, RFC 4180 quoting and no spreadsheet formulas."""

from __future__ import annotations

import csv
import io

import pytest

from generator.contract.catalog import Catalog
from generator.exports.csv_export import csv_tables, safe_cell
from fictional import FORMULA_SUMMARY, QUOTED_NAME, SETTINGS


@pytest.fixture(scope="module")
def tables(fictional_catalog: Catalog) -> dict[str, list[dict[str, str]]]:
    files = csv_tables(fictional_catalog, SETTINGS)
    assert set(files) == {"api/v1/groups.csv", "api/v1/advocates.csv", "api/v1/training.csv"}
    return {path: list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline=""))) for path, content in files.items()}


@pytest.mark.parametrize("value", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_quoted(value: str) -> None:
    assert safe_cell(value) == "'" + value


def test_plain_values_are_kept() -> None:
    assert safe_cell("Leeds") == "Leeds"
    assert safe_cell(-0.1) == -0.1
    assert safe_cell(None) == ""
    assert safe_cell(True) == "true"


def test_groups_table(tables: dict[str, list[dict[str, str]]], fictional_catalog: Catalog) -> None:
    rows = {row["id"]: row for row in tables["api/v1/groups.csv"]}
    assert set(rows) == {g.id for g in fictional_catalog.groups if g.status != "closed"}  # closed groups leave the open data
    circle = rows["fictional-evening-circle"]
    assert circle["name"] == QUOTED_NAME  # quotes and commas survive the round trip
    assert circle["summary"] == "'" + FORMULA_SUMMARY  # a formula is text, not a formula
    assert circle["topics"] == "grief; depression"
    assert circle["url"] == "https://example.org/groups/fictional-evening-circle/"
    assert circle["longitude"] == "-0.1"  # numbers stay numbers
    assert circle["meeting_link"] == "https://meet.example.org/fictional-circle"
    assert "monthly on week 1, last saturday 10:00-11:30 Europe/London" in circle["meetings"]
    peers = rows["fictional-online-peers"]
    assert peers["meeting_link"] == "" and peers["link_on_request"] == "true"
    assert "23:30-00:30 (next day)" in peers["meetings"]
    assert rows["fictional-winter-break-group"]["status"] == "paused"
    assert rows["fictional-no-times"]["find_a_group"] == "https://local-groups.example.org/find-a-group/"
    assert rows["fictional-no-times"]["website"] == "https://local-groups.example.org/"
    assert peers["find_a_group"] == ""


def test_no_cell_starts_a_formula(tables: dict[str, list[dict[str, str]]]) -> None:
    for rows in tables.values():
        for row in rows:
            for column, value in row.items():
                if column in ("latitude", "longitude"):
                    continue
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)


def test_advocates_and_training(tables: dict[str, list[dict[str, str]]]) -> None:
    advocates = {row["id"]: row for row in tables["api/v1/advocates.csv"]}
    assert advocates["fictional-voices"]["platforms"] == "blog: https://voices.example.org/; youtube: https://video.example.org/@fictionalvoices"
    training = next(row for row in tables["api/v1/training.csv"] if row["id"] == "fictional-peer-course")
    assert training["provider"] == "fictional-org" and training["hours"] == "40"
    assert training["cohorts"] == "2026-04-01 to 2026-05-01 (apply by 2026-03-15)"


def test_crlf_and_header(fictional_catalog: Catalog) -> None:
    content = csv_tables(fictional_catalog, SETTINGS)["api/v1/groups.csv"]
    assert content.startswith(b"id,name,url,status,")
    rows = len([g for g in fictional_catalog.groups if g.status != "closed"])
    assert content.count(b"\r\n") == 1 + rows  # the header and a row per group; no bare newlines in cells
