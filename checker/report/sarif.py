"""SARIF 2.1.0 output for code-scanning tools (GitHub code scanning and others).

One run whose driver lists every check as a rule (its documentation as help). `check` gives a
result per finding, at its first claim's file and line, the other claims as related
locations; `gate` gives a result per finding that involves a draft, at the draft figure's line
and column, and a `not-understood` note per figure the gate could not read. Accepted findings
carry a suppression with the reason (`external` for the rules' `accepted:`, `inSource` for an
inline accept). `partialFingerprints` holds checker's fingerprint, which survives line moves.
tests/test_ci_formats.py validates the output against the official schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checker import __version__
from checker.checks import REGISTRY
from checker.gate.verdicts import INLINE
from checker.report.gate_common import claim_words, figure_label, not_understood_words

SCHEMA_URI = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
NOT_UNDERSTOOD_RULE = "not-understood"
FINGERPRINT_KEY = "checkerFinding/v1"


def artifact_uri(path: str) -> str:
    """A file path as a URI reference: relative paths stay relative, with '/' separators."""
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    return quote(candidate.as_posix(), safe="/-._~")


def location(path: str, line: int, column: int | None = None, message: str | None = None, number: int | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(int(line), 1)}
    if column:
        region["startColumn"] = int(column)
    found: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}, "region": region}}
    if number is not None:
        found = {"id": number, **found}
    if message:
        found["message"] = {"text": message}
    return found


def rule_descriptors(with_gate: bool) -> list[dict[str, Any]]:
    rules = []
    for check_id, module in REGISTRY.items():
        doc = (module.__doc__ or "").strip()
        first = doc.splitlines()[0].split(": ", 1)[-1] if doc else check_id
        rules.append({
            "id": check_id,
            "shortDescription": {"text": first},
            "fullDescription": {"text": doc.split("\n\n")[1] if "\n\n" in doc else first},
            "help": {"text": doc or first},
            "defaultConfiguration": {"level": LEVELS[module.DEFAULT_SEVERITY], **({} if getattr(module, "RUNS_BY_DEFAULT", True) else {"enabled": False})},
        })
    if with_gate:
        text = "A figure in a draft whose metric, window or unit the gate could not resolve, or read with low confidence."
        rules.append({"id": NOT_UNDERSTOOD_RULE, "shortDescription": {"text": text}, "defaultConfiguration": {"level": "note"}})
    return rules


def finding_result(finding, rule_index: dict[str, int], anchor: tuple[str, int, int | None], related: list, inline: bool = False) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": LEVELS[finding.severity.value],
        "message": {"text": finding.message or f"{finding.rule} on {finding.metric}"},
        "locations": [location(*anchor)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if related:
        result["relatedLocations"] = [location(c.file, c.line, None, claim_words(c), k) for k, c in enumerate(related, 1)]
    if finding.accepted is not None:
        result["suppressions"] = [{"kind": "inSource" if inline else "external", "justification": finding.accepted}]
    return result


def _log(results: list[dict[str, Any]], with_gate: bool) -> str:
    run = {
        "tool": {"driver": {"name": "checker", "version": __version__, "semanticVersion": __version__, "rules": rule_descriptors(with_gate)}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_check_sarif(result) -> str:
    index = {rule["id"]: k for k, rule in enumerate(rule_descriptors(False))}
    results = []
    for finding in result.findings:
        if not finding.claims:
            continue
        first = finding.claims[0]
        results.append(finding_result(finding, index, (first.file, first.line, None), list(finding.claims[1:])))
    return _log(results, False)


def render_gate_sarif(result) -> str:
    index = {rule["id"]: k for k, rule in enumerate(rule_descriptors(True))}
    results = []
    for gate in result.drafts:
        figures = {v.figure.claim_id: v.figure for v in gate.verdicts}
        for finding in gate.findings:
            own = next((figures[c.claim_id] for c in finding.claims if c.claim_id in figures), None)
            anchor = (own.draft, own.line, own.column) if own else (gate.draft.path, 1, None)
            others = [c for c in finding.claims if own is None or c.claim_id != own.claim_id]
            results.append(finding_result(finding, index, anchor, others, inline=str(finding.accepted or "").startswith(INLINE)))
        for verdict in gate.verdicts:
            if verdict.verdict != "not understood":
                continue
            figure = verdict.figure
            text = f"{figure_label(verdict)} not understood: {not_understood_words(verdict, result.min_confidence)}."
            results.append({
                "ruleId": NOT_UNDERSTOOD_RULE, "ruleIndex": index[NOT_UNDERSTOOD_RULE], "level": "note",
                "message": {"text": text}, "locations": [location(figure.draft, figure.line, figure.column)],
            })
    return _log(results, True)
