"""Misreadings found on two topics extraction was never tuned on (a protest movement's days of
action, a flood's national tolls): each general reading has a test on a sentence of our own that
must read the new way, and a twin that must keep the old reading where it was right."""

from __future__ import annotations

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from checker.rules import load_rules

# Named dates the rules use as moments (a vote, a plan presented): levels stand "as of" them.
MOMENTS = """\
named_dates:
  - {id: plan_presented, date: 2023-01-10, label: The government presents the plan}
  - {id: budget_vote, date: 2023-03-20, label: The assembly votes on the budget, aliases: [budget vote]}
metrics:
  - {id: arrests, label: People arrested on a day of protest, kind: cumulative, unit: people, aliases: [arrests, arrested]}
  - {id: budget_votes, label: Votes for the budget, kind: level, unit: people, default_window: as of budget_vote}
  - {id: plan_age, label: Retirement age the plan sets, kind: level, unit: years, default_window: as of plan_presented}
"""

# The same dates, no default window naming them: the rules say nothing of what they start.
SILENT = """\
named_dates:
  - {id: plan_presented, date: 2023-01-10, label: The government presents the plan}
  - {id: budget_vote, date: 2023-03-20, label: The assembly votes on the budget, aliases: [budget vote]}
metrics:
  - {id: arrests, label: People arrested on a day of protest, kind: cumulative, unit: people, aliases: [arrests, arrested]}
"""

# A metric the rules count from a named date.
TIED = MOMENTS.replace("aliases: [arrests, arrested]}", "aliases: [arrests, arrested], default_window: since plan_presented}")


def _rules(tmp_path, text: str):
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    return load_rules([tmp_path])


def windows(text: str, rules, published: str = "2023-03-28") -> dict[str, str]:
    claims = extract_text(text, published=parse_date(published), rules=rules, source_id="s")
    return {str(c["value"]): str(c["window"]) for c in claims}


def test_a_named_date_the_rules_use_as_a_moment_starts_no_count(tmp_path):
    rules = _rules(tmp_path, MOMENTS)
    assert windows("The minister announced 201 arrests on Tuesday.", rules)["201"] == "during 2023-03-28"
    assert windows("The minister announced 201 arrests.", rules)["201"] == "as of publication"


def test_a_named_date_the_sentence_names_starts_the_count(tmp_path):
    # twin: the sentence states its start
    rules = _rules(tmp_path, MOMENTS)
    assert windows("Since the budget vote, 300 arrests were made.", rules)["300"] == "since budget_vote"


def test_rules_silent_on_named_dates_count_from_the_latest(tmp_path):
    # twin: rules whose default windows name no date keep the latest named date before publication
    rules = _rules(tmp_path, SILENT)
    assert windows("The minister announced 201 arrests on Tuesday.", rules)["201"] == "between budget_vote and 2023-03-28"
    assert windows("The minister announced 201 arrests.", rules)["201"] == "since budget_vote"


def test_a_metric_counted_from_a_named_date_counts_from_it(tmp_path):
    # twin: the metric's own default window starts its counts, a later moment does not
    rules = _rules(tmp_path, TIED)
    assert windows("The minister announced 201 arrests on Tuesday.", rules)["201"] == "between plan_presented and 2023-03-28"


def test_a_day_written_before_a_figure_is_that_figure_s_day(tmp_path):
    rules = _rules(tmp_path, MOMENTS)
    read = windows("The ministry recalled that on January 19, 1,120 people were arrested, on the 31st – 1,270 arrests.", rules)
    assert read["1,120"] == "during 2023-01-19"
    assert read["1,270"] == "as of publication"  # the day before another figure is not its day


def test_a_day_an_event_happened_on_dates_no_count(tmp_path):
    # twin: "on <day>" with no figure right after it dates the event, not a count
    rules = _rules(tmp_path, SILENT)
    assert windows("Protests began on January 19, and 1,120 people were arrested.", rules)["1,120"] == "since budget_vote"


# A metric whose label names the counted people in general ("People arrested ..."), one whose does not.
PROTEST = """\
metrics:
  - {id: arrests, label: People arrested on a day of protest, kind: cumulative, unit: people, aliases: [arrests, arrested, detained]}
  - {id: marchers, label: Demonstrators on a day of protest, kind: cumulative, unit: people, aliases: [according to the ministry]}
"""

FLOODS = """\
metrics:
  - {id: deaths, label: People killed by the floods, kind: cumulative, unit: people, aliases: [killed, deaths]}
  - {id: injured, label: People injured by the floods, kind: cumulative, unit: people, aliases: [injured]}
"""


def metrics(text: str, rules) -> dict[str, str]:
    claims = extract_text(text, published=parse_date("2023-03-28"), rules=rules, source_id="s")
    return {str(c["value"]): str(c["metric"]) for c in claims}


def test_the_word_people_is_no_evidence_for_a_metric(tmp_path):
    rules = _rules(tmp_path, PROTEST)
    assert metrics("More than one million people demonstrated against the plan.", rules)["1 million"] == "unresolved"
    assert metrics("An estimated 1.27 million persons took to the streets.", rules)["1.27 million"] == "unresolved"


def test_people_named_with_what_befell_them_take_its_metric(tmp_path):
    # twin: the words beside "people" still name the metric, alone or after a tie the clause breaks
    rules = _rules(tmp_path, FLOODS)
    assert metrics("The floods have killed 40 people.", rules)["40"] == "deaths"
    assert metrics("So far, 65 people, including women and children, have been killed.", rules)["65"] == "deaths"
    assert metrics("Police said 30 people were arrested.", _rules(tmp_path, PROTEST))["30"] == "arrests"


PLACES = """\
scopes:
  - {name: Pakistan, aliases: [across Pakistan]}
  - {name: Islamabad, part_of: [Pakistan]}
  - {name: Karachi, part_of: [Pakistan]}
metrics:
  - {id: deaths, label: Deaths in the floods, kind: cumulative, unit: people, scope: Pakistan, aliases: [killed, died]}
"""


def scopes(text: str, rules) -> dict[str, str | None]:
    claims = extract_text(text, published=parse_date("2022-07-14"), rules=rules, source_id="s")
    return {str(c["value"]): c.get("scope") for c in claims}


def test_a_dateline_is_where_the_story_was_filed(tmp_path):
    rules = _rules(tmp_path, PLACES)
    assert scopes("ISLAMABAD: Massive floods have killed 165 people, the authority said.", rules)["165"] is None
    assert scopes("Title\n\nKARACHI, Pakistan — Floods have killed 40 people, officials said.", rules)["40"] is None
    assert scopes("ISLAMABAD (AFP) - Floods have killed 165 people, the authority said.", rules)["165"] is None


def test_a_place_named_for_the_figure_is_its_scope(tmp_path):
    # twin: a row label, a place in the sentence, a place in capitals before the figure itself
    rules = _rules(tmp_path, PLACES)
    assert scopes("Islamabad: 12 people died.", rules)["12"] == "Islamabad"
    assert scopes("ISLAMABAD: 12 people died.", rules)["12"] == "Islamabad"
    assert scopes("Floods have killed 165 people in Islamabad, the authority said.", rules)["165"] == "Islamabad"
