"""How the gate joins a draft's lines (checker/gate/draft.py unwrapped): a hard-wrapped paragraph is
one line; the rows of a list opened by a line that ends with a colon keep their line breaks, so
each row keeps its own label ("Northfield: 9,513 cases"). Lines written for the test."""

from __future__ import annotations

from checker.gate.draft import unwrapped


def test_rows_of_a_list_opened_by_a_colon_keep_their_line_breaks():
    text = "As of 1 December, the region has:\n13,171 confirmed cases\nNorthfield: 9,513 cases (43 deaths)\nSouthfield: 785 cases"
    assert unwrapped(text).split("\n") == text.split("\n")


def test_twin_a_hard_wrapped_paragraph_is_joined():
    text = "The ministry said on Friday that\n13,171 confirmed cases had been\nNotified since the start of the year."
    assert "\n" not in unwrapped(text)


def test_twin_a_wrapped_line_after_a_colon_that_starts_lower_case_is_joined():
    text = "The ministry said:\nthe toll rose to 4,000 people in the\nnorthern districts."
    assert "\n" not in unwrapped(text)


def test_a_blank_line_ends_the_list():
    text = "The region has:\n13,171 confirmed cases\n\nThe ministry said on Friday that\nNotified cases rose."
    assert unwrapped(text).split("\n")[-1] == "The ministry said on Friday that Notified cases rose."
