"""Section `accepted`: [{fingerprint, reason, rule, metric, summary}], the findings a person has
accepted (written by `checker baseline` or by hand). An accepted finding is still reported, marked
with its reason, and never fails the run.
"""

from __future__ import annotations

import re

from checker.rules.schema import Collector, Documents, check_keys, section_entries

ACCEPTED_KEYS = ("fingerprint", "reason", "rule", "metric", "summary")


def load_accepted(c: Collector, documents: Documents) -> dict[str, str]:
    """Finding fingerprint -> the reason it is accepted."""
    accepted: dict[str, str] = {}
    for path, node, where, line in section_entries(c, documents, "accepted"):
        check_keys(c, path, node, ACCEPTED_KEYS, where)
        fingerprint = str(node.get("fingerprint") or "")
        reason = " ".join(str(node.get("reason") or "").split())
        if not re.fullmatch(r"[0-9a-f]{16}", fingerprint):
            c.add(path, node.line_of("fingerprint"), f"{where}.fingerprint", f"expected the 16-character fingerprint shown in reports, got {fingerprint!r}")
            continue
        if not reason:
            c.add(path, line, f"{where}.reason", "missing required field", "say why the finding is accepted")
            continue
        accepted[fingerprint] = reason
    return accepted
