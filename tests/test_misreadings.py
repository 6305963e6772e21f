"""Input that used to be misread without a word: each is now read right, refused with a hint,
or warned about. Every case that must load has a twin that must be refused or flagged."""

from __future__ import annotations

import pytest

from support import BASE_RULES, Project, write

CLASH = '- {{metric: deaths, value: {value}, window: since end_of_war, scope: "{scope}", quote: "q{value}"}}'


def error_lines(result) -> list[str]:
    assert result.exit_code == 2, result.output
    return result.stderr.splitlines()[:-1]


# -- claims in subfolders ----------------------------------------------------------------


def test_claims_in_subfolders_are_read(project):
    project.source("a", "2021-11-02", CLASH.format(value=30, scope="x"))
    write(project.claims / "2021" / "11" / "b.yaml", project.claims.joinpath("a.yaml").read_text(encoding="utf-8")
          .replace("id: a", "id: b").replace("value: 30", "value: 40").replace("q30", "q40"))
    write(project.claims / ".git" / "c.yaml", "not: a claims file\n")  # hidden folders are skipped
    document = project.json()
    assert document["summary"]["claims"] == 2
    assert [f["rule"] for f in document["findings"]] == ["same-window-agreement"]


def test_subfolders_do_not_change_the_report(project, tmp_path):
    project.source("a", "2021-11-02", CLASH.format(value=30, scope="x"))
    project.source("b", "2021-11-02", CLASH.format(value=40, scope="x"))
    flat = project.run("--format", "json", "--fail-on", "never").stdout
    (project.claims / "deep" / "er").mkdir(parents=True)
    (project.claims / "b.yaml").rename(project.claims / "deep" / "er" / "b.yaml")
    nested = project.run("--format", "json", "--fail-on", "never").stdout
    assert nested.replace("deep/er/", "") == flat


# -- scopes ------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["Baku\u200b", "Baku ", " Baku", "Baku\u00a0", "\u202eBaku", "Ｂａｋｕ"])
def test_invisible_and_compatibility_characters_do_not_make_a_new_scope(project, variant):
    project.source("a", "2021-11-02", CLASH.format(value=30, scope="Baku"))
    project.source("b", "2021-11-02", CLASH.format(value=40, scope=variant))
    findings = project.findings()
    assert [f["rule"] for f in findings] == ["same-window-agreement"]
    assert findings[0]["scope"] == "Baku"


def test_different_scopes_stay_apart(project):
    project.source("a", "2021-11-02", CLASH.format(value=30, scope="Baku"))
    project.source("b", "2021-11-02", CLASH.format(value=40, scope="Ganja"))
    assert project.findings() == []
    assert "warning" not in project.run().stderr


@pytest.mark.parametrize("lookalike, differs", [("B\u0430ku", "U+0430 CYRILLIC SMALL LETTER A"), ("baku", "letter case")])
def test_a_lookalike_scope_is_warned_about(project, lookalike, differs):
    project.source("a", "2021-11-02", CLASH.format(value=30, scope="Baku"))
    path = project.source("b", "2021-11-02", CLASH.format(value=40, scope=lookalike))
    result = project.run("--fail-on", "never")
    assert result.exit_code == 0
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warning.startswith(f"warning: {path}:7: scope: {lookalike!r} looks like 'Baku'")
    assert differs in warning


# -- numbers in other locales and scripts ----------------------------------------------------


def one_claim(project: Project, value: str, metric: str = "deaths"):
    project.source("a", "2021-11-02", f'- {{metric: {metric}, value: "{value}", window: since end_of_war, quote: "q"}}')
    return project


@pytest.mark.parametrize("value", ["1.500", "2.000-3.000", "1.250"])
def test_a_dot_grouped_count_is_ambiguous(project, value):
    [line] = error_lines(one_claim(project, value).run())
    assert f"claims[0].value: {value!r} is ambiguous for a count" in line and "settings.number_locale" in line


@pytest.mark.parametrize("value, metric", [("1,500", "deaths"), ("1.5", "deaths"), ("1.500 million", "deaths"), ("1.500", "area")])
def test_unambiguous_figures_load(project, value, metric):
    assert one_claim(project, value, metric).run("--fail-on", "never").exit_code == 0


def with_locale(project: Project, locale: str) -> Project:
    write(project.rules / "rules.yaml", BASE_RULES + f"settings:\n  number_locale: {locale}\n")
    return project


@pytest.mark.parametrize("value, low, high", [("1.500", 1450, 1600), ("1.234,5", 1234.45, 1234.6), ("3,4 thousand", 3350, 3500), ("1 500", 1450, 1600)])
def test_a_declared_locale_reads_dots_as_groups_and_commas_as_decimals(project, value, low, high):
    claims = with_locale(one_claim(project, value), "de").json()
    [claim] = [entry["claim"] for entry in claims["not_checked"]]
    assert claim["value"] == value
    from checker.corpus import load_corpus
    from checker.rules import load_rules

    frame = load_corpus([project.claims], load_rules([project.rules])).claims
    assert (frame.loc[0, "low"], frame.loc[0, "high"]) == pytest.approx((low, high))


def test_a_comma_grouped_count_is_ambiguous_in_a_decimal_comma_locale(project):
    [line] = error_lines(with_locale(one_claim(project, "3,400"), "fr").run())
    assert "'3,400' is ambiguous for a count" in line


def test_a_decimal_comma_without_a_locale_is_refused_with_a_hint(project):
    [line] = error_lines(one_claim(project, "3,4 thousand").run())
    assert "decimal comma" in line and "number_locale: de" in line


def test_an_unknown_locale_is_refused(project):
    [line] = error_lines(with_locale(one_claim(project, "3"), "xx").run())
    assert "settings.number_locale: expected one of en, de, fr, got 'xx'" in line


@pytest.mark.parametrize("digits", ["٣٤٠٠", "३४००", "３４００"])
def test_other_scripts_digits_follow_the_same_precision_rules(project, digits):
    from checker.corpus import load_corpus
    from checker.rules import load_rules

    project.source("a", "2021-11-02", f"""
        - {{metric: deaths, value: "{digits}", window: since end_of_war, quote: "q1"}}
        - {{metric: victims, value: "3400", window: since end_of_war, quote: "q2"}}
    """)
    frame = load_corpus([project.claims], load_rules([project.rules])).claims.set_index("quote")
    assert (frame.loc["q1", "low"], frame.loc["q1", "high"]) == (frame.loc["q2", "low"], frame.loc["q2", "high"]) == (3350, 3500)
    assert frame.loc["q1", "printed"] == digits


# -- CSV, quotes, --sources --------------------------------------------------------------------

CSV_HEADER = "source_id,source_title,publisher,published,metric,value,quote,window"


def test_a_duplicate_csv_column_is_refused(project):
    (project.claims / "a.csv").write_text(CSV_HEADER + ",value\ns,T,P,2021-11-02,deaths,30,q,since end_of_war,40\n", encoding="utf-8")
    assert error_lines(project.run()) == [f"{project.claims / 'a.csv'}:1: value: column appears more than once (keep one; a later column would silently win)"]


def test_a_csv_with_distinct_columns_loads(project):
    (project.claims / "a.csv").write_text(CSV_HEADER + ",note\ns,T,P,2021-11-02,deaths,30,q,since end_of_war,40\n", encoding="utf-8")
    assert project.run("--fail-on", "never").exit_code == 0


@pytest.mark.parametrize("quote", ["   ", "\u200b", "\u00a0\u202e"])
def test_a_quote_with_nothing_visible_is_refused(project, quote):
    one = f'- {{metric: deaths, value: 3, window: since end_of_war, quote: "{quote}"}}'
    project.source("a", "2021-11-02", one)
    [line] = error_lines(project.run())
    assert "claims[0].quote: only white space or invisible characters" in line


def test_a_quote_with_spaces_around_loads(project):
    project.source("a", "2021-11-02", '- {metric: deaths, value: 3, window: since end_of_war, quote: " 3 died "}')
    assert project.run("--fail-on", "never").exit_code == 0


def test_a_missing_sources_folder_is_refused(project):
    project.source("a", "2021-11-02", '- {metric: deaths, value: 3, window: since end_of_war, quote: "3 died"}')
    missing = project.root / "texts"
    assert error_lines(project.run("--sources", str(missing))) == [
        f"{missing}: --sources: folder does not exist (quotes cannot be verified against it; name the folder of source texts)"]
    missing.mkdir()
    assert project.run("--sources", str(missing), "--fail-on", "never").exit_code == 0


# -- rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("first, second", [("mine_deaths", "mine-deaths"), ("mine_deaths", "Mine_Deaths"), ("mine_deaths", "mine_deaths_")])
def test_metric_ids_that_read_the_same_are_refused(project, first, second):
    write(project.rules / "more.yaml", f"metrics:\n  - {{id: {first}, label: X, kind: level, unit: count}}\n  - {{id: {second}, label: Y, kind: level, unit: count}}\n")
    [line] = error_lines(project.run())
    assert "reads the same as metric" in line and "rename one" in line


def test_metric_ids_that_differ_load(project):
    project.source("a", "2021-11-02", '- {metric: deaths, value: 3, window: since end_of_war, quote: "3 died"}')
    write(project.rules / "more.yaml", "metrics:\n  - {id: deaths_2, label: X, kind: level, unit: count}\n")
    assert project.run("--fail-on", "never").exit_code == 0


@pytest.mark.parametrize("entry", ["{id: talks, date: 2021-03-01, aliases: ['2020-11']}", "{id: '2020', date: 2021-03-01}",
                                   "{id: talks, date: 2021-03-01, aliases: [November 2020]}"])
def test_a_named_date_that_reads_as_a_date_is_refused(project, entry):
    write(project.rules / "more.yaml", f"named_dates:\n  - {entry}\n")
    [line] = error_lines(project.run())
    assert "reads as a date, so it cannot name one" in line


def test_a_named_date_with_words_loads(project):
    project.source("a", "2021-11-02", '- {metric: deaths, value: 3, window: since the talks of 2021, quote: "3 died"}')
    write(project.rules / "more.yaml", "named_dates:\n  - {id: talks, date: 2021-03-01, aliases: [the talks of 2021]}\n")
    assert project.run("--fail-on", "never").exit_code == 0


# -- negative counts -------------------------------------------------------------------------------


def test_a_negative_cumulative_count_is_refused(project):
    [line] = error_lines(one_claim(project, "-12").run())
    assert "claims[0].value: -12 is negative, but deaths is a cumulative count" in line


def test_a_negative_level_loads(project):
    assert one_claim(project, "-12", metric="stock").run("--fail-on", "never").exit_code == 0


# -- a share of a zero whole -----------------------------------------------------------------------

def share_project(tmp_path, budget: str) -> Project:
    rules = BASE_RULES.replace("named_dates:", """  - {id: budget, label: Budget, kind: level, unit: usd}
  - {id: health, label: Health budget, kind: level, unit: usd}
  - {id: health_share, label: Health share, kind: share, unit: percent}
named_dates:""") + "relations:\n  - {id: health-share, kind: share, share: health_share, part: health, whole: budget}\n"
    project = Project(tmp_path, rules)
    project.source("council", "2024-03-01", f"""
        - {{metric: budget, value: "{budget}", window: as of publication, quote: "budget"}}
        - {{metric: health, value: "0", window: as of publication, quote: "health"}}
        - {{metric: health_share, value: 0, window: as of publication, quote: "share"}}
    """)
    return project


def test_a_share_of_a_zero_whole_is_not_counted_as_compared(tmp_path):
    document = share_project(tmp_path, "0").json()
    assert "health_share" in {entry["claim"]["metric"] for entry in document["not_checked"]}


def test_a_share_of_a_whole_is_compared(tmp_path):
    document = share_project(tmp_path, "464 million").json()
    assert "health_share" not in {entry["claim"]["metric"] for entry in document["not_checked"]}


def test_a_named_date_may_be_called_by_its_own_date_written_out(project):
    # "January 1 2023" names 2023-01-01 itself: it shadows no other date. Twin of the refusal above.
    project.source("a", "2023-06-10", '- {metric: deaths, value: 3, window: since January 1 2023, quote: "3 died"}')
    write(project.rules / "more.yaml", "named_dates:\n  - {id: new_year, date: 2023-01-01, aliases: [January 1 2023]}\n")
    assert project.run("--fail-on", "never").exit_code == 0


def test_scopes_in_the_rules_are_normalised_like_the_claims(project):
    write(project.rules / "rules.yaml", BASE_RULES.replace("    unit: count\n", "    unit: count\n    scope: \"all\u00a0 sites\u200b\"\n", 1))
    project.source("a", "2021-11-02", '- {metric: stock, value: 3, window: as of 2021-01-01, quote: "3"}')
    from checker.corpus import load_corpus
    from checker.rules import load_rules

    rules = load_rules([project.rules])
    assert rules.metrics["stock"].scope == "all sites"
    assert load_corpus([project.claims], rules).claims.loc[0, "scope"] == "all sites"
