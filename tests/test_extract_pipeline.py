"""End-to-end extraction: offsets into the original text, markup, a non-mine domain, writing files."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from checker.dates import DateSpan, parse_date
from checker.extract.pipeline import ExtractError, Extractor, draft_claims_document, extract_text, prepare, run_extract

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).parents[2] / "shared"


@dataclass(frozen=True)
class FakeMetric:
    id: str
    label: str
    kind: str
    unit: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FakeUnit:
    id: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FakeNamedDate:
    id: str
    date: DateSpan
    aliases: tuple[str, ...] = ()


@dataclass
class FakeRules:
    metrics: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    named_dates: dict = field(default_factory=dict)
    qualifiers: dict = field(default_factory=dict)


EPIDEMIC = FakeRules(
    metrics={
        "cases": FakeMetric("cases", "Confirmed cases", "cumulative", "people", ("confirmed cases", "cases", "infections")),
        "deaths": FakeMetric("deaths", "Deaths", "cumulative", "people", ("deaths", "died", "have died")),
        "vaccinated_share": FakeMetric("vaccinated_share", "Share vaccinated", "share", "percent", ("of adults vaccinated", "vaccinated")),
        "budget": FakeMetric("budget", "Health budget", "level", "usd", ("health budget", "budget")),
    },
    units={"people": FakeUnit("people", ("people", "persons", "patients")), "percent": FakeUnit("percent", ("%",)), "usd": FakeUnit("usd", ("$", "dollars"))},
    named_dates={"outbreak": FakeNamedDate("outbreak", parse_date("2020-03-01"), ("the outbreak", "the start of the outbreak"))},
)

EPIDEMIC_TEXT = (
    "Health officials said on Monday that more than 12,400 confirmed cases have been recorded since the start of the outbreak. "
    "Of those, 312 patients have died. About 64.5% of adults vaccinated so far, the ministry added.\n"
    "The health budget for 2024 is $1.2 billion, up from $950 million."
)


def test_epidemic_paragraph_with_small_rules():
    claims = extract_text(EPIDEMIC_TEXT, published=parse_date("2024-02-05"), rules=EPIDEMIC, source_id="health")
    got = {(c["metric"], c["value"], c["qualifier"], c["window"]) for c in claims}
    assert ("cases", "12,400", "more_than", "since outbreak") in got
    assert ("deaths", "312", "exact", "since outbreak") in got
    assert ("vaccinated_share", "64.5", "about", "as of publication") in got
    # "the budget for 2024", said in February 2024: a window may not end after publication
    assert ("budget", "1.2 billion", "exact", "as of publication") in got
    for claim in claims:
        ext = claim["extraction"]
        assert EPIDEMIC_TEXT[ext["start"] : ext["end"]] == claim["quote"]
        assert 0 < ext["confidence"] <= 1


def test_unmatched_figures_stay_as_unresolved():
    claims = extract_text("The committee met 14 times in a row.", published=parse_date("2024-02-05"), rules=EPIDEMIC, source_id="x")
    assert [(c["metric"], c["value"]) for c in claims] == [("unresolved", "14")]


def test_html_offsets_point_into_the_original():
    html = "<html><body><h1>Report</h1><p>Since 2020, <b>412</b> people have <i>died</i> &amp; more.</p><script>var x = 99;</script></body></html>"
    claims = extract_text(html, published=parse_date("2023-01-01"), rules=EPIDEMIC, source_id="h", fmt="html")
    assert [c["value"] for c in claims] == ["412"]
    ext = claims[0]["extraction"]
    assert "412" in html[ext["start"] : ext["end"]]
    assert claims[0]["metric"] == "deaths"


def test_markdown_is_stripped():
    prepared = prepare("# Title\n\n**About 5%** of [the budget](http://x.org/1999) went to roads.", "markdown")
    assert prepared.text.startswith("Title")
    assert "1999" not in prepared.text
    claims = extract_text("**About 5%** of [the budget](http://x.org/1999) went to roads.", published=parse_date("2023-01-01"), rules=EPIDEMIC, source_id="m", fmt="markdown")
    assert [(c["value"], c["qualifier"]) for c in claims] == [("5", "about")]


def test_bad_input_gives_a_clear_error(tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02 12 people")
    with pytest.raises(ExtractError, match="binary"):
        draft_claims_document(binary.read_text(encoding="latin-1"), name=str(binary), published=parse_date("2023-01-01"), rules=EPIDEMIC)
    assert extract_text("", published=None, rules=EPIDEMIC, source_id="e") == []


def test_run_extract_writes_never_overwrites_and_forces(tmp_path, capsys):
    rules_dir = REPO / "rules"
    article = tmp_path / "note.txt"
    article.write_text("Since November 10, 2020, 167 Azerbaijani citizens have been trapped by landmines, of which 33 died.", encoding="utf-8")
    out = tmp_path / "drafts"
    assert run_extract([article], "2021-11-02", [rules_dir], out, force=False, progress=False) == 0
    target = out / "note.claims.yaml"
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [(c["metric"], c["value"], c["window"]) for c in document["claims"]] == [("mine_victims", "167", "since 2020-11-10"), ("mine_deaths", "33", "since 2020-11-10")]
    assert run_extract([article], "2021-11-02", [rules_dir], out, force=False, progress=False) == 2
    assert "exists" in capsys.readouterr().err
    assert run_extract([article], "2021-11-02", [rules_dir], out, force=True, progress=False) == 0
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def _seed_sources():
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not available")
    for path in sorted((REPO / "claims").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = document["source"].get("text")
        if text and (SHARED / "seeds" / text).is_file():
            yield document, SHARED / "seeds" / text


def test_seed_texts_round_trip_offsets_and_values():
    from checker.rules import load_rules

    rules = load_rules([REPO / "rules"])
    extractor = Extractor(rules)
    for document, text_path in _seed_sources():
        text = text_path.read_text(encoding="utf-8")
        claims = extract_text(text, published=parse_date(document["source"]["published"]), rules=rules, source_id=document["source"]["id"], extractor=extractor)
        for claim in claims:
            ext = claim["extraction"]
            assert text[ext["start"] : ext["end"]] == claim["quote"]
        hand_values = {str(c["value"]).replace(" ", "") for c in document["claims"]}
        got_values = {str(c["value"]).replace(" ", "") for c in claims}
        assert len(hand_values & got_values) >= len(hand_values) - 1, hand_values - got_values


def _findings(claim_dir: Path) -> set[tuple[str, str]]:
    from click.testing import CliRunner

    from checker.cli import main

    result = CliRunner().invoke(main, ["check", str(claim_dir), "--rules", str(REPO / "rules"), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    return {(f["rule"], f["metric"]) for f in report["findings"]}


def test_extract_then_check_finds_the_hand_made_discrepancies(tmp_path):
    """`checker extract` on the seeds, then `checker check`: the same (check, metric) findings."""
    from checker.rules import load_rules

    rules = load_rules([REPO / "rules"])
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for document, text_path in _seed_sources():
        draft = draft_claims_document(text_path.read_text(encoding="utf-8"), name=str(text_path), published=parse_date(document["source"]["published"]), rules=rules)
        draft["source"] = {k: v for k, v in document["source"].items() if k != "text"}
        # what a reviewer keeps: resolved claims, without the extraction metadata
        draft["claims"] = [{k: v for k, v in c.items() if k != "extraction"} for c in draft["claims"] if c["metric"] != "unresolved"]
        (drafts / f"{draft['source']['id']}.yaml").write_text(yaml.safe_dump(draft, sort_keys=False, allow_unicode=True), encoding="utf-8")
    hand = _findings(REPO / "claims")
    extracted = _findings(drafts)
    assert hand, "the hand-made corpus should have findings"
    missing = hand - extracted
    assert not missing, f"findings of the hand-made claims not found from extraction: {sorted(missing)}"


def test_sentences_crowded_with_figures_give_one_warning_per_text(caplog):
    import logging

    from checker.extract.pipeline import MAX_FIGURES_PER_SENTENCE, extract_text

    crowded = " ".join(f"{n} people" for n in range(1, MAX_FIGURES_PER_SENTENCE + 10)) + "."
    text = f"{crowded}\n\n{crowded}\n\n{crowded}\n"
    with caplog.at_level(logging.WARNING, logger="checker.extract.pipeline"):
        claims = extract_text(text, published=None, rules=None, source_id="t")
    assert len(claims) == 3 * MAX_FIGURES_PER_SENTENCE
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert record.getMessage().startswith(f"3 sentence(s) hold more than {MAX_FIGURES_PER_SENTENCE} figures (the first at offset 0)")


PLACE_DATE_RULES = """
metrics:
  - {id: cases, label: Cases, kind: cumulative, unit: people, aliases: [cases]}
named_dates:
  - {id: start_of_year, date: 2025-01-01, label: Start of the year}
  - {id: northland_outbreak_start, date: 2025-02-09, label: First case of the Northland outbreak}
scopes:
  - {name: Northland, aliases: [the north]}
  - {name: Lakeside County, part_of: [Northland]}
  - {name: Southland}
"""


def test_a_named_date_that_names_a_place_starts_only_that_places_counts(tmp_path):
    from checker.dates import parse_date
    from checker.extract.pipeline import extract_text
    from checker.rules import load_rules

    (tmp_path / "rules.yaml").write_text(PLACE_DATE_RULES, encoding="utf-8")
    rules = load_rules([tmp_path])

    def window(text: str) -> str:
        claims = extract_text(text, published=parse_date("2025-03-07"), rules=rules, source_id="s")
        return next(c["window"] for c in claims if c["metric"] == "cases")

    # must not: a count of another place, or of none, does not start at Northland's first case
    assert window("Southland has reported 198 cases.") == "since start_of_year"
    assert window("Officials have reported 198 cases.") == "since start_of_year"
    # twins: Northland's count and its county's start there
    assert window("Northland has reported 198 cases.") == "since northland_outbreak_start"
    assert window("Lakeside County has reported 198 cases.") == "since northland_outbreak_start"
    assert window("The north has reported 198 cases.") == "since northland_outbreak_start"  # an alias, as written
