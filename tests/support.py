from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.rules import load_rules

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

BASE_RULES = """
metrics:
  - id: deaths
    label: People killed
    kind: cumulative
    unit: people
    aliases: [fatalities, killed]
  - id: victims
    label: Victims
    kind: cumulative
    unit: people
  - id: area
    label: Area cleared
    kind: cumulative
    unit: km2
  - id: stock
    label: Stock at a date
    kind: level
    unit: count
  - id: forecast
    label: Years to finish
    kind: estimate
    unit: years
named_dates:
  - id: end_of_war
    date: 2020-11-10
    aliases: [end of hostilities, the ceasefire]
"""

# A subset relation across two scopes of one metric (a town within its region).
SUBSET_RULES = BASE_RULES + """
relations:
  - id: town-within-region
    kind: subset
    cross_source: true
    subset: {metric: deaths, scope: the town}
    superset: {metric: deaths, scope: the region}
"""


def rules_from_text(text: str, folder: Path):
    """The rules `text` gives, written as one file in `folder` and loaded as checker loads them."""
    (folder / "rules.yaml").write_text(text, encoding="utf-8")
    return load_rules([folder])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def source_doc(sid: str, published: str, claims: str, extra: str = "") -> str:
    body = textwrap.indent(textwrap.dedent(claims).strip("\n"), "  ")
    return f"source:\n  id: {sid}\n  title: Report {sid}\n  publisher: Paper\n  published: \"{published}\"\n{extra}claims:\n{body}\n"


class Project:
    """A throwaway corpus: rules/ and claims/ in a temp folder, audited through the CLI."""

    def __init__(self, root: Path, rules: str = BASE_RULES):
        self.root = root
        self.claims = root / "claims"
        self.rules = root / "rules"
        self.claims.mkdir()
        write(self.rules / "rules.yaml", rules)

    def source(self, sid: str, published: str, claims: str, extra: str = "") -> Path:
        return write(self.claims / f"{sid}.yaml", source_doc(sid, published, claims, extra))

    def run(self, *args: str, env: dict[str, str] | None = None):
        runner = CliRunner()
        return runner.invoke(main, ["check", str(self.claims), "--rules", str(self.rules), *args], catch_exceptions=False, env=env)

    def json(self, *args: str) -> dict:
        import json

        result = self.run("--format", "json", "--fail-on", "never", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def findings(self, rule: str | None = None) -> list[dict]:
        found = self.json()["findings"]
        return [f for f in found if rule is None or f["rule"] == rule]

    def pairs(self, rule: str | None = None) -> list[tuple[str, ...]]:
        """The sorted claim ids of each finding a check gave, before findings setting one
        figure against several were stated as one (details.also)."""
        return sorted(pair for f in self.findings(rule) for pair in member_claims(f))


def member_claims(finding: dict) -> list[tuple[str, ...]]:
    """The claim ids of each finding a report finding stands for: its own, or for one that set
    a figure against several, the first finding's and each other's (details.also)."""
    also = finding["details"].get("also") or []
    if not also:
        return [tuple(sorted(c["id"] for c in finding["claims"]))]
    shared = finding["details"]["shared"]["claim"]
    restated = finding["details"].get("restated") or []
    shared_ids = {shared} | {x["claim"] for r in restated if r["of"]["claim"] == shared for x in r["by"]}
    others = {cid for other in also for cid in other["claims"]} - shared_ids
    first = tuple(sorted(c["id"] for c in finding["claims"] if c["id"] not in others))
    return [first, *(tuple(sorted(other["claims"])) for other in also)]
