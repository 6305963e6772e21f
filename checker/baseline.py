"""Baselines: the current findings written as accepted, so a gate fails only on new ones.

An entry is keyed by the finding's fingerprint (rule, metric, scope and the claims' source,
figure, window and quote: no line numbers), so it survives unrelated edits to claim files.
"""

from __future__ import annotations

import yaml


def render_baseline(result, reason: str) -> tuple[str, int]:
    entries = []
    for finding in sorted(result.findings, key=lambda f: (f.rule, f.metric, f.fingerprint)):
        entries.append(
            {
                "fingerprint": finding.fingerprint,
                "rule": finding.rule,
                "metric": finding.metric,
                "reason": finding.accepted or reason,
                "summary": " ".join(finding.message.split())[:300],
            }
        )
    header = (
        "# Accepted findings (written by `checker baseline`). Each entry accepts one finding by its\n"
        "# fingerprint; accepted findings are still reported, marked accepted, but do not fail the gate.\n"
        "# Edit a reason to say why it was accepted. Remove an entry to make its finding fail again.\n"
    )
    body = yaml.safe_dump({"accepted": entries}, sort_keys=False, allow_unicode=True, width=100) if entries else "accepted: []\n"
    return header + body, len(entries)
