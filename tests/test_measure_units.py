"""Units of measure (`measure: true` in the rules' units): an integer in such a unit is read as
rounded to its last digit, as an amount is printed, while a count of whole things stays exact."""

from __future__ import annotations

from pathlib import Path

from support import Project, write

TONS = """
units:
  - id: tonne
    aliases: [tonnes]{tonne}
  - id: short_ton
    aliases: [tons]
    convert: {{to: tonne, factor: 0.90718474}}{ton}
metrics:
  - {{id: debris, label: Debris per floor, kind: level, unit: tonne}}
"""


def _debris(project: Project) -> list[dict]:
    # "1.5 metric tons (17 tons)" and "15.5 tonnes" per floor: 17 short tons is 15.42 tonnes,
    # so 17 tons rounded to the ton (15.0 to 15.9 tonnes) holds 15.5.
    project.source("ap", "2017-06-30", '- {metric: debris, value: "17", unit: tons, window: as of 2017-06-30, quote: "(17 tons)"}')
    project.source("abc", "2017-11-17", '- {metric: debris, value: "15.5", window: as of 2017-06-30, quote: "15.5 tonnes"}')
    return project.findings("same-window-agreement")


def test_an_integer_in_a_unit_of_measure_is_rounded_to_the_unit(tmp_path: Path):
    project = Project(tmp_path, TONS.format(tonne="\n    measure: true", ton="\n    measure: true"))
    assert _debris(project) == []


def test_an_integer_in_a_unit_not_declared_a_measure_is_exact(tmp_path: Path):
    # Twin: without the declaration 17 tons is exactly 15.42 tonnes, outside 15.5's printed precision.
    project = Project(tmp_path, TONS.format(tonne="", ton=""))
    [finding] = _debris(project)
    assert "15.4221" in finding["message"]


def test_a_csv_reads_a_measure_as_the_yaml_does(tmp_path: Path):
    project = Project(tmp_path, TONS.format(tonne="\n    measure: true", ton="\n    measure: true"))
    write(project.claims / "sheet.csv", """
        source_id,source_title,publisher,published,metric,value,unit,quote,window
        ap,Report ap,Paper,2017-06-30,debris,17,tons,(17 tons),as of 2017-06-30
        abc,Report abc,Paper,2017-11-17,debris,15.5,,15.5 tonnes,as of 2017-06-30
    """)
    assert project.findings("same-window-agreement") == []


def test_measure_must_be_true_or_false(tmp_path: Path):
    project = Project(tmp_path, TONS.format(tonne="\n    measure: yes please", ton=""))
    result = project.run()
    assert result.exit_code == 2
    assert "measure" in result.output and "expected true or false" in result.output
