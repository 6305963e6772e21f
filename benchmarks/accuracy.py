"""Precision and recall of checker on the hand-labelled corpora in benchmarks/eval/<topic>/.

Usage: python benchmarks/accuracy.py [TOPIC_DIR...] [--json]

Each topic folder holds claims/, rules/ and gold.yaml (format: benchmarks/eval/README.md, summed
up here). checker runs through its command line, as a user runs it, twice per topic: with the
topic's rules, and with rules/settings.yaml left out (built-in settings and check defaults).

A finding matches a gold item when it involves at least min(2, len(item.claims)) of the item's
claim ids; a derived claim counts as the claims in its `derived_from`, and a finding that lists
restatements of a figure is scored as each clash it states (claims restating one figure are one),
and a finding setting one figure against several (details.also) is scored as each finding it
merged, with its own facts (`findings`; `shown` counts the findings as a reviewer reads them). Per topic and variant:
findings (every severity, accepted ones left out), true findings (those matching a must_flag
item), precision (true / all), must-flag recall (must_flag items matched by some finding), and
look-alikes flagged (must_not_flag items matched by some finding). Then the false findings and
the missed must_flag ids, for error analysis.

Exit code 0; 2 with a one-line error when a topic folder, its gold.yaml or checker's input is
broken (an unknown claim id in gold.yaml is an error, since it would silently lower recall).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO / "benchmarks" / "eval"
VARIANTS = ("rules", "no-settings")  # the topic's rules; the same without rules/settings.yaml
MESSAGE_CHARS = 120


class BrokenInput(Exception):
    """A topic that cannot be scored; the message is the one line printed."""


def claim_ids(claims_dir: Path) -> set[str]:
    """Every claim id in a claims folder (YAML files, or CSV with an `id` column)."""
    ids: set[str] = set()
    for path in sorted(claims_dir.rglob("*")):
        if path.suffix in (".yaml", ".yml"):
            try:
                doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                continue  # checker reports the file with its line when it runs
            if not isinstance(doc, dict):
                continue
            source_id = str((doc.get("source") or {}).get("id", ""))
            for index, claim in enumerate(doc.get("claims") or []):
                if isinstance(claim, dict):
                    ids.add(str(claim.get("id") or f"{source_id}#{index + 1}"))
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                ids.update(row["id"] for row in csv.DictReader(handle) if row.get("id"))
    return ids


def load_gold(topic: Path) -> dict:
    """gold.yaml as {must_flag: [...], must_not_flag: [...]}, each item {id, claims: set}."""
    path = topic / "gold.yaml"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise BrokenInput(f"{path}: cannot read: {str(error).splitlines()[0]}") from None
    known = claim_ids(topic / "claims")
    gold = {}
    for section in ("must_flag", "must_not_flag"):
        items = (doc or {}).get(section)
        if not isinstance(items, list):
            raise BrokenInput(f"{path}: {section}: expected a list of items")
        gold[section] = []
        for item in items:
            if not isinstance(item, dict) or not item.get("id") or not isinstance(item.get("claims"), list):
                raise BrokenInput(f"{path}: {section}: every item needs an id and a list of claims")
            unknown = [c for c in item["claims"] if c not in known]
            if unknown:
                raise BrokenInput(f"{path}: {section} item {item['id']!r}: unknown claim id {unknown[0]!r}")
            gold[section].append({"id": str(item["id"]), "claims": set(item["claims"])})
    return gold


def run_checker(topic: Path, rules_dir: Path) -> list[dict]:
    """checker's findings for the topic's claims under these rules, accepted ones left out."""
    command = [sys.executable, "-m", "checker", "check", "--format", "json", "--fail-on", "never",
               "--rules", str(rules_dir), str(topic / "claims")]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["no message"])[0]
        raise BrokenInput(f"{topic}: checker exited {done.returncode}: {first}")
    return [f for f in json.loads(done.stdout)["findings"] if not f.get("accepted")]


def members(finding: dict) -> list[dict]:
    """The findings a finding stands for: itself, or for one that set a figure against several
    (details.also) each finding it merged, with its own claims and restatements, so scores do
    not depend on how findings are presented together."""
    also = finding["details"].get("also") or []
    if not also:
        return [finding]
    claims = {claim["id"]: claim for claim in finding["claims"]}
    shared = finding["details"]["shared"]["claim"]
    restated = finding["details"].get("restated") or []
    shared_ids = {shared} | {x["claim"] for r in restated if r["of"]["claim"] == shared for x in r["by"]}
    others = {cid for other in also for cid in other["claims"]} - shared_ids
    own = {name: value for name, value in finding["details"].items() if name not in ("shared", "also")}
    first = {**finding, "claims": [claims[cid] for cid in claims if cid not in others], "details": own}
    return [first, *({**finding, "claims": [claims[cid] for cid in other["claims"]], "details": other["details"]} for other in also)]


def statements(finding: dict) -> list[list[dict]]:
    """The claims of each clash a finding states: one list, or for a finding that merged
    restatements (details.restated, or containment's details.same_figure_from), one per choice of
    a claim for each restated figure, so two claims restating one figure never count as two of a
    gold item's claims."""
    claims = {claim["id"]: claim for claim in finding["claims"]}
    slots = [[r["of"]["claim"], *(x["claim"] for x in r["by"])] for r in finding["details"].get("restated") or []]
    same = finding["details"].get("same_figure_from") or []  # containment's identical copies of the contained figure
    if same:
        slots.append([finding["details"]["contained"]["claim"], *(x["claim"] for x in same)])
    slots = [[cid for cid in slot if cid in claims] for slot in slots]
    fixed = [claim for cid, claim in claims.items() if not any(cid in slot for slot in slots)]
    return [fixed + [claims[cid] for cid in choice] for choice in itertools.product(*slots)]


def involved_ids(claims: list[dict], rename: dict[str, str] | None = None) -> set[str]:
    """The claims a clash involves, derived claims replaced by the claims they came from, draft
    claims by the hand-made claims they stand for (`rename`)."""
    ids: set[str] = set()
    for claim in claims:
        ids.update((rename or {}).get(cid, cid) for cid in claim.get("derived_from") or [claim["id"]])
    return ids


def involved(finding: dict, rename: dict[str, str] | None = None) -> list[set[str]]:
    """The claims each clash a finding states involves (each merged finding's, for one that
    set a figure against several: never all its claims at once)."""
    return [involved_ids(claims, rename) for member in members(finding) for claims in statements(member)]


def matches(clashes: list[set[str]], item: dict) -> bool:
    claims = set(item["claims"])
    return any(len(ids & claims) >= min(2, len(claims)) for ids in clashes)


def score(findings: list[dict], gold: dict) -> dict:
    """The numbers for one run of checker against the topic's gold items: `findings` counts
    each finding a merged one stands for, `shown` the findings a reviewer reads."""
    shown = len(findings)
    findings = [member for f in findings for member in members(f)]
    clashes = [involved(f) for f in findings]
    true = [any(matches(c, item) for item in gold["must_flag"]) for c in clashes]
    found = [item["id"] for item in gold["must_flag"] if any(matches(c, item) for c in clashes)]
    lookalikes = [item["id"] for item in gold["must_not_flag"] if any(matches(c, item) for c in clashes)]
    return {
        "findings": len(findings),
        "shown": shown,
        "true_findings": sum(true),
        "precision": round(sum(true) / len(findings), 3) if findings else None,
        "must_flag": len(gold["must_flag"]),
        "must_flag_found": len(found),
        "recall": round(len(found) / len(gold["must_flag"]), 3) if gold["must_flag"] else None,
        "must_not_flag": len(gold["must_not_flag"]),
        "look_alikes_flagged": lookalikes,
        "missed_must_flag": [item["id"] for item in gold["must_flag"] if item["id"] not in found],
        "false_findings": [
            {"rule": f["rule"], "severity": f["severity"], "claims": sorted(set().union(*c)), "message": f["message"][:MESSAGE_CHARS]}
            for f, c, ok in zip(findings, clashes, true) if not ok
        ],
    }


def score_topic(topic: Path) -> dict:
    """Both variants of one topic."""
    if not (topic / "claims").is_dir() or not (topic / "rules").is_dir():
        raise BrokenInput(f"{topic}: expected claims/ and rules/ folders")
    gold = load_gold(topic)
    with tempfile.TemporaryDirectory() as temp:
        bare_rules = Path(temp) / "rules"
        shutil.copytree(topic / "rules", bare_rules, ignore=shutil.ignore_patterns("settings.yaml"))
        runs = {"rules": topic / "rules", "no-settings": bare_rules}
        variants = {name: score(run_checker(topic, path), gold) for name, path in runs.items()}
    return {"topic": topic.name, "variants": variants}


def ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.2f}" if whole else "-"


def render_text(results: list[dict]) -> str:
    """The summary table, then each topic's false findings and missed must-flag items."""
    lines = [f"{'topic':<22} {'variant':<12} {'findings':>8} {'shown':>5} {'true':>5} {'precision':>15} {'must-flag recall':>17} {'look-alikes flagged':>20}"]
    for result in results:
        for variant, s in result["variants"].items():
            lines.append(f"{result['topic']:<22} {variant:<12} {s['findings']:>8} {s['shown']:>5} {s['true_findings']:>5} "
                         f"{ratio(s['true_findings'], s['findings']):>15} {ratio(s['must_flag_found'], s['must_flag']):>17} "
                         f"{ratio(len(s['look_alikes_flagged']), s['must_not_flag']):>20}")
    for result in results:
        for variant, s in result["variants"].items():
            lines += ["", f"{result['topic']} ({variant}): {len(s['false_findings'])} false findings"]
            lines += [f"  {f['rule']} {f['severity']} [{', '.join(f['claims'])}] {f['message']}" for f in s["false_findings"]]
            lines.append(f"  missed must-flag: {', '.join(s['missed_must_flag']) or 'none'}")
            lines.append(f"  look-alikes flagged: {', '.join(s['look_alikes_flagged']) or 'none'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", type=Path, help="topic folders (default: every benchmarks/eval/*/ with gold.yaml)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    topics = args.topics or sorted(path.parent for path in EVAL_DIR.glob("*/gold.yaml"))
    try:
        if not topics:
            raise BrokenInput(f"{EVAL_DIR}: no topic folder with a gold.yaml")
        results = [score_topic(topic.resolve()) for topic in topics]
    except BrokenInput as error:
        print(f"accuracy: {error}", file=sys.stderr)
        return 2
    print(json.dumps({"topics": results}, indent=2) if args.json else render_text(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
