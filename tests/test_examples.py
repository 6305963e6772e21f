"""The example corpus in examples/city (README: relations, units, constants, scopes) runs and
finds exactly what README says it finds."""

import json

from checker.cli import main
from support import REPO

CITY = REPO / "examples" / "city"


def test_city_example_findings(runner):
    result = runner.invoke(main, ["check", str(CITY / "claims"), "--rules", str(CITY / "rules"), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert sorted((f["rule"], f["metric"]) for f in document["findings"]) == [
        ("cumulative-containment", "deaths"),  # derived 1,213 - 1,163 = 50 by June < 70 in February
        ("share-consistency", "beds_used_share"),
        ("stock-flow", "beds_free"),  # "1,040 free" only fits as the total beds
    ]
    # $464m (a declared unit) and $440.1 million agree with "95%" (94.85% rounds to 95)
    assert not any(f["metric"] in ("health_share", "budget", "health_budget") for f in document["findings"])
    assert document["summary"]["derived_claims"] == 2
