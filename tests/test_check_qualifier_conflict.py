"""qualifier-conflict: the same number with bounds that exclude each other."""


def test_more_than_and_nearly_the_same_number_conflict(project):
    project.source("a", "2025-12-04", """
        - {metric: victims, value: "3,400", qualifier: more than, window: since 1991, quote: "more than 3,400"}
    """)
    project.source("b", "2025-12-04", """
        - {metric: victims, value: "3,400", qualifier: nearly, window: since 1991, quote: "nearly 3,400"}
    """)
    [finding] = project.findings()
    assert finding["rule"] == "qualifier-conflict"
    assert finding["severity"] == "warning"
    assert {c["qualifier"] for c in finding["claims"]} == {"more_than", "nearly"}
    assert finding["details"]["message_kind"] == "qualifier.exclusive_qualifiers"
    intervals = [f["interval"] for f in finding["details"]["figures"]]
    assert {(i["low"], i["low_open"]) for i in intervals} >= {(3400, True)}  # "more than" excludes 3,400


def test_nearly_then_more_than_days_later_is_growth_not_a_conflict(project):
    # Principle 4: a running count may cross 3,400 between two statements. Twin of the above.
    project.source("a", "2025-12-09", """
        - {metric: victims, value: "3,400", qualifier: more than, window: since 1991, quote: "more than 3,400"}
    """)
    project.source("b", "2025-12-04", """
        - {metric: victims, value: "3,400", qualifier: nearly, window: since 1991, quote: "nearly 3,400"}
    """)
    assert project.findings() == []


def test_more_than_and_about_the_same_number_agree(project):
    project.source("a", "2025-12-09", """
        - {metric: victims, value: "3,400", qualifier: over, window: since 1991, quote: "over 3,400"}
        - {metric: victims, value: "3,400", qualifier: about, window: since 1991, quote: "about 3,400"}
    """)
    assert project.findings() == []


def test_conflicting_bounds_on_different_windows_are_not_a_qualifier_conflict(project):
    project.source("a", "2025-12-09", """
        - {metric: victims, value: "3,400", qualifier: more_than, window: since 1991, quote: "more than 3,400"}
        - {metric: victims, value: "3,400", qualifier: nearly, window: since 2005, quote: "nearly 3,400"}
    """)
    assert project.findings("qualifier-conflict") == []
