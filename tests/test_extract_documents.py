"""Articles as documents: metadata from headers, front matter and HTML heads; no figures from
URLs, markup, bylines or page furniture; headlines read like body text (issue 12, items 1 and 4)."""

from __future__ import annotations

from checker.dates import parse_date
from checker.extract.document import read_document
from checker.extract.pipeline import draft_claims_document, extract_text

PUBLISHED = parse_date("2019-06-14")


def values(text: str, fmt: str = "text") -> list[str]:
    return [c["value"] for c in extract_text(text, published=PUBLISHED, rules=None, source_id="s", fmt=fmt)]


def test_header_lines_are_source_metadata_not_claims():
    text = (
        "title: Toll rises to 1,200 in the valley\n"
        "url: https://example.org/news/toll-rises-to-1-200\n"
        "published: 2019-06-14\n"
        "\n"
        "Officials said 40 boats sank on the river.\n"
    )
    draft = draft_claims_document(text, name="note.txt", published=None, rules=None)
    assert draft["source"]["title"] == "Toll rises to 1,200 in the valley"
    assert draft["source"]["url"] == "https://example.org/news/toll-rises-to-1-200"
    assert draft["source"]["publisher"] == "example.org"
    assert (draft["source"]["published"], draft["source"]["date_basis"]) == ("2019-06-14", "stated")
    assert [c["value"] for c in draft["claims"]] == ["40"]
    claim = draft["claims"][0]
    assert text[claim["extraction"]["start"] : claim["extraction"]["end"]] == claim["quote"]


def test_a_first_line_with_a_colon_is_prose_when_it_is_no_header():
    # twin: "Note: ..." is not a header (no title, url or date key), so its figure is read
    assert values("Note: 40 boats sank on the river.\n") == ["40"]


def test_front_matter_is_source_metadata():
    text = "---\ntitle: River report\ndate: 2019-06-14\nsource: The Valley Post\n---\nOfficials said 40 boats sank.\n"
    draft = draft_claims_document(text, name="note.md", published=None, rules=None)
    assert (draft["source"]["title"], draft["source"]["publisher"], draft["source"]["published"]) == ("River report", "The Valley Post", "2019-06-14")
    assert [c["value"] for c in draft["claims"]] == ["40"]


def test_html_head_and_furniture_give_metadata_and_no_figures():
    html = (
        "<html><head><title>River: 1,200 Boats</title>"
        '<meta property="og:url" content="https://example.org/a/2019/99-boats">'
        '<meta property="og:site_name" content="The Valley Post">'
        '<meta property="article:published_time" content="2019-06-14T08:00:00Z"></head>'
        "<body><nav>Top 10 stories</nav><p>Officials said 40 boats sank.</p>"
        "<footer>© 2019 Valley Post, 12 Main Road</footer></body></html>"
    )
    draft = draft_claims_document(html, name="page.html", published=None, rules=None)
    source = draft["source"]
    assert (source["title"], source["url"], source["publisher"], source["published"]) == ("River: 1,200 Boats", "https://example.org/a/2019/99-boats", "The Valley Post", "2019-06-14")
    assert [c["value"] for c in draft["claims"]] == ["40"]


def test_no_figure_from_a_url_in_the_text():
    assert values("The list is at https://example.org/report-2019/15-boats and www.example.org/7-days.\n") == []
    # twin: the same figures in prose are read
    assert values("The report lists 15 boats over 7 days.\n") == ["15", "7"]


def test_bylines_and_datelines_are_not_claims_but_date_the_article():
    text = "By Jane Roe and John Doe | 3 June 2019\nGENEVA, 3 June (Reuters) - Officials said 12 boats sank.\n"
    draft = draft_claims_document(text, name="wire.txt", published=None, rules=None)
    assert [c["value"] for c in draft["claims"]] == ["12"]
    assert (draft["source"]["published"], draft["source"]["date_basis"]) == ("2019-06-03", "inferred")


def test_a_sentence_that_starts_like_a_byline_is_still_read():
    assert values("By comparison, 40 people died in the spring.\n") == ["40"]
    assert values("By March, 40 people had died.\n") == ["40"]


def test_page_furniture_lines_are_not_claims():
    text = "Share this article\nPhoto: 300 homes were destroyed\nRead more: 5 things to know\nOfficials said 40 boats sank.\n"
    assert values(text) == ["40"]
    # twin: words that open furniture lines also open sentences
    assert values("Credit card debt rose to 5 percent.\n") == ["5"]


def test_a_date_broken_over_two_lines_gives_no_figure_and_a_window():
    [claim] = extract_text("At least 40 boats have sunk since March\n3, 2019, officials said.\n", published=PUBLISHED, rules=None, source_id="s")
    assert claim["value"] == "40"
    assert claim["window"] == "since 2019-03-03"
    # twin: a figure on the next line of a headline is still read
    assert values("River floods\n12 boats sank on Monday.\n") == ["12"]


def test_title_case_headline_keeps_its_figure_and_bounding_verb():
    claims = extract_text("Flood Toll Climbs Past 1,200 As Rains Continue\n", published=PUBLISHED, rules=None, source_id="s")
    assert [(c["value"], c["qualifier"]) for c in claims] == [("1,200", "more_than")]
    assert "Climbs Past 1,200" in claims[0]["quote"]  # quoted as written
    assert values("Death Toll Rises To 1,200\n") == ["1,200"]
    # twin: a product name in a sentence is still not a figure
    assert values("She bought a Galaxy Note 20 Ultra last week.\n") == []


def test_bounding_verbs_are_qualifiers():
    sentences = {
        "The toll surpassed 2,400 on Monday.": "more_than",
        "The toll now exceeds 2,400.": "more_than",
        "Losses topping 9,000 were reported.": "more_than",
        "The toll crossed 2,400 on Monday.": "more_than",
        "The toll climbed above 2,400 on Monday.": "more_than",
        "The toll soared past 2,400 on Monday.": "more_than",
        "The toll is approaching 2,400.": "nearly",
        "The toll is nearing 2,400.": "nearly",
        "The toll reached 2,400 on Monday.": "exact",  # twin: a verb that does not bound
    }
    for sentence, qualifier in sentences.items():
        [claim] = extract_text(sentence, published=PUBLISHED, rules=None, source_id="s")
        assert claim["qualifier"] == qualifier, sentence


def test_read_document_keeps_offsets():
    text = "title: A\nurl: https://example.org/x-1\n\nBy Jane Roe\nOfficials said 40 boats sank.\n"
    document = read_document(text, "a.txt")
    assert len(document.readable) == len(text)
    assert document.readable.index("40") == text.index("40")


def test_hostile_documents_are_read_in_linear_time():
    import time

    for name, text in (
        ("c.txt", "A1" + "-A1" * 100_000 + "-"),  # the e-mail pattern once rescanned the rest at every start
        ("c.html", "<html><nav>" * 50_000),  # an unclosed element, many times
        ("c.html", "<html><title>" * 50_000),
    ):
        start = time.perf_counter()
        read_document(text, name)
        assert time.perf_counter() - start < 10, name
