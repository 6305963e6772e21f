"""Tables pasted as text (checker/extract/tables.py and its hook in the pipeline): a cell is read
with its column header's metric, unit and period only when the header says exactly that.

Every table here is written for the test; each reading has a twin that must not read that way."""

from __future__ import annotations

import pytest

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from checker.extract.tables import table_cells
from checker.gate.draft import unwrapped
from support import rules_from_text

RULES_YAML = """
units:
  - id: fires
    aliases: [fire]
  - id: hectare
    aliases: [hectares, ha]
  - id: acre
    aliases: [acres]
    convert: {to: hectare, factor: 0.40468564224}
metrics:
  - id: area_burned
    label: Area burned
    kind: cumulative
    unit: hectare
    scope: Nation
    aliases: [area burned, burned area]
  - id: fires_recorded
    label: Fires recorded
    kind: cumulative
    unit: fires
    scope: Nation
    aliases: [fires recorded]
relations:
  - id: northland-within-nation
    kind: subset
    subset: {metric: area_burned, scope: Northland}
    superset: {metric: area_burned, scope: Nation}
"""

ONE_CELL_A_LINE = """The agency published its figures.
Province |
2022 area burned in hectares |
2023 area burned in hectares (YTD) |
---|---|---|
Northland |
1,981,000 |
1,561 |
Total |
5,999,000 |
5,008 |
The agency said more."""

MARKDOWN = """The agency published its figures.

| Province | 2022 area burned in hectares | 2023 area burned in hectares (YTD) |
|---|---|---|
| Northland | 1,981,000 | 1,561 |
| Total | 5,999,000 | 5,008 |

The agency said more."""


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return rules_from_text(RULES_YAML, tmp_path_factory.mktemp("rules"))


def by_value(text: str, rules) -> dict[str, dict]:
    return {str(c["value"]): c for c in extract_text(text, published=parse_date("2023-08-01"), rules=rules, source_id="t")}


@pytest.mark.parametrize("text", [ONE_CELL_A_LINE, MARKDOWN, unwrapped(ONE_CELL_A_LINE)], ids=["one cell a line", "markdown", "one paragraph"])
def test_a_cell_takes_its_column_header_metric_unit_period_and_row_place(rules, text):
    got = by_value(text, rules)
    assert got["1,981,000"]["metric"] == "area_burned"
    assert got["1,981,000"]["unit"] == "hectare"
    assert got["1,981,000"]["window"] == "during 2022"
    assert got["1,981,000"]["scope"] == "Northland"
    assert got["1,561"]["window"] == "since 2023-01-01"  # the publication year, to date
    assert got["5,999,000"]["metric"] == "area_burned" and got["5,999,000"]["scope"] == "Nation"  # "Total" of places: the metric's own scope


def test_twin_a_header_with_no_period_leaves_its_cells_unresolved(rules):
    text = ONE_CELL_A_LINE.replace("2022 area burned in hectares", "area burned in hectares")
    assert by_value(text, rules)["1,981,000"]["metric"] == "unresolved"


@pytest.mark.parametrize("joined", [False, True], ids=["one cell a line", "one paragraph"])
def test_twin_a_header_no_alias_names_leaves_its_cells_unresolved(rules, joined):
    text = ONE_CELL_A_LINE.replace("2022 area burned in hectares", "2022 fires")
    got = by_value(unwrapped(text) if joined else text, rules)
    assert got["1,981,000"]["metric"] == "unresolved"  # not the next column's metric, read from the run-on row


def test_twin_a_header_that_says_more_than_the_alias_leaves_its_cells_unresolved(rules):
    text = ONE_CELL_A_LINE.replace("2022 area burned in hectares", "2022 area burned per fire")
    assert by_value(text, rules)["1,981,000"]["metric"] == "unresolved"


def test_twin_a_row_label_the_rules_do_not_name_as_a_place_leaves_its_cells_unresolved(rules):
    text = ONE_CELL_A_LINE.replace("Northland", "Forest Service")  # an agency, not a place
    got = by_value(text, rules)
    assert got["1,981,000"]["metric"] == "unresolved" and "row label" in got["1,981,000"]["note"]
    assert got["5,999,000"]["metric"] == "unresolved"  # a total of rows that are no places is no total of the nation


def test_a_header_unit_is_the_cells_unit(rules):
    text = ONE_CELL_A_LINE.replace("2022 area burned in hectares", "2022 area burned in acres")
    assert by_value(text, rules)["1,981,000"]["unit"] == "acre"


def test_no_separator_row_no_table():
    assert table_cells("Province | 2022 area burned |\nNorthland | 1,981 |") == []
