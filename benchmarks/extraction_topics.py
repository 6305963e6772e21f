"""Extraction on the evaluation topics: article text -> drafts -> audit, with no hand edits.

Usage: python benchmarks/extraction_topics.py [TOPIC_DIR...] [--keep DIR]

Each topic folder (benchmarks/eval/<topic>/) holds claims/, rules/, gold.yaml and the git-ignored
texts/<source-id>.txt. Per topic, through the command line as a user runs it:

1. `checker extract texts/ --rules rules/ --output DRAFTS` (dates from the texts' headers);
2. `checker check DRAFTS --rules rules/ --format json`: the drafts must load (exit 0 or 1, never 2);
3. drafts scored against the hand-made claims (checker/extract/evaluate.py: value, then
   qualifier, window, metric and scope of the value-matched pairs, and the full claim);
4. findings on the drafts scored against gold.yaml as benchmarks/accuracy.py scores them: a
   finding matches an item when it involves min(2, n) of its claims, a draft claim standing for
   the hand-made claim it was paired with in step 3. The hand-made claims' own findings are
   scored the same way, beside them.

Prints a Markdown section for docs/extraction.md. Topics without texts/ are skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from checker.dates import parse_date  # noqa: E402
from checker.extract.evaluate import TOPIC_LEVELS, score_topic  # noqa: E402
from checker.rules import load_rules  # noqa: E402
from accuracy import involved, matches  # noqa: E402


def checker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=REPO)


def claims_by_source(folder: Path) -> dict[str, tuple[object, list[dict]]]:
    out = {}
    for path in sorted(folder.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        source = document.get("source") or {}
        out[str(source.get("id"))] = (parse_date(source.get("published")), document.get("claims") or [])
    return out


def findings(claims: Path, rules: Path) -> tuple[int, list[dict], str]:
    run = checker("check", str(claims), "--rules", str(rules), "--format", "json", "--fail-on", "error")
    if run.returncode == 2:
        return 2, [], run.stderr.strip()
    return run.returncode, [f for f in json.loads(run.stdout)["findings"] if not f.get("accepted")], ""


def gold_score(found: list[dict], gold: dict, rename: dict[str, str]) -> dict[str, object]:
    must, must_not = gold.get("must_flag") or [], gold.get("must_not_flag") or []
    true = [f for f in found if any(matches(involved(f, rename), item) for item in must)]
    false = [f for f in found if f not in true]
    recalled = [item["id"] for item in must if any(matches(involved(f, rename), item) for f in found)]
    lookalikes = [item["id"] for item in must_not if any(matches(involved(f, rename), item) for f in found)]
    precision = f"{len(true) / len(found):.2f}" if found else "–"
    missed = [item for item in must if item["id"] not in recalled]
    return {"findings": len(found), "true": len(true), "precision": precision, "recall": f"{len(recalled)}/{len(must)}", "lookalikes": f"{len(lookalikes)}/{len(must_not)}", "false": false, "missed": missed}


def run_topic(topic: Path, keep: Path | None) -> dict[str, object] | None:
    texts = topic / "texts"
    if not any(texts.glob("*.txt")):
        print(f"{topic.name}: no texts/, skipped", file=sys.stderr)
        return None
    if keep is None:
        with tempfile.TemporaryDirectory(prefix=f"topic-{topic.name}-") as folder:
            return _run_topic(topic, Path(folder))
    (keep / topic.name).mkdir(parents=True, exist_ok=True)
    return _run_topic(topic, keep / topic.name)


def _run_topic(topic: Path, work: Path) -> dict[str, object]:
    texts, rules_dir = topic / "texts", topic / "rules"
    rules = load_rules([rules_dir])
    extracted = checker("extract", str(texts), "--rules", str(rules_dir), "--output", str(work), "--force")
    drafts = {sid: claims for sid, (_, claims) in claims_by_source(work).items()}
    hand = claims_by_source(topic / "claims")
    scored = score_topic(drafts, hand, rules)
    draft_claims = {str(c.get("id")): c for claims in drafts.values() for c in claims}
    gold = yaml.safe_load((topic / "gold.yaml").read_text(encoding="utf-8"))
    rename = {**restatements(drafts, scored.draft_to_hand), **scored.draft_to_hand}
    code, draft_findings, error = findings(work, rules_dir)
    hand_code, hand_findings, _ = findings(topic / "claims", rules_dir)
    return {
        "topic": topic.name, "sources": len(hand), "hand": sum(len(c) for _, c in hand.values()),
        "drafted": sum(len(c) for c in drafts.values()), "extract_exit": extracted.returncode, "extract_err": extracted.stderr.strip(),
        "check_exit": code, "check_err": error, "scores": scored, "drafts": gold_score(draft_findings, gold, rename),
        "handmade": gold_score(hand_findings, gold, {}),
        "hand_claims": {str(c.get("id")): c for _, claims in hand.values() for c in claims}, "draft_claims": draft_claims,
    }  # fmt: skip


def restatements(drafts: dict[str, list[dict]], draft_to_hand: dict[str, str]) -> dict[str, str]:
    """Drafts left unpaired that restate a paired draft of their source (the same printed value and
    metric: a headline's figure said again in the body) stand for the same hand-made claim, which
    the person wrote once; pairing is one-to-one, so without this their findings would score false."""
    out = {}
    for claims in drafts.values():
        paired = {(str(c.get("value")), c.get("metric")): draft_to_hand[str(c.get("id"))] for c in claims if str(c.get("id")) in draft_to_hand}
        for c in claims:
            key = (str(c.get("value")), c.get("metric"))
            if str(c.get("id")) not in draft_to_hand and key in paired and c.get("metric") != "unresolved":
                out[str(c.get("id"))] = paired[key]
    return out


def describe(finding: dict) -> str:
    """One line for a false finding on the drafts: its check and each claim's figure and quote."""
    claims = "; ".join(f"{c['id']} {c['value']} [{c.get('scope') or '-'}] {c.get('window_start')}..{c.get('window_end')} “{c.get('quote', '')}”" for c in finding["claims"])
    return f"{finding['rule']} on {finding['metric']} ({finding.get('scope') or '-'}): {claims}"


_FIELDS = ("metric", "value", "qualifier", "unit", "window", "scope", "scope_basis", "window_basis", "note")


def describe_missed(item: dict, result: dict) -> list[str]:
    """A missed must-flag item, each of its hand-made claims beside the draft paired with it (or none)."""
    hand_to_draft = {h: d for d, h in result["scores"].draft_to_hand.items()}
    lines = [f"missed must-flag {item['id']} ({item.get('kind')}):"]
    for cid in item["claims"]:
        hand = result["hand_claims"].get(cid, {})
        draft = result["draft_claims"].get(hand_to_draft.get(cid, ""))
        want = " ".join(f"{k}={hand.get(k)!r}" for k in _FIELDS[:6] if hand.get(k) is not None)
        lines.append(f"  {cid}: want {want} “{hand.get('quote')}”")
        if draft is None:
            lines.append("    draft: none")
        else:
            lines.append("    draft: " + " ".join(f"{k}={draft.get(k)!r}" for k in _FIELDS if draft.get(k) is not None) + f" “{draft.get('quote')}”")
    return lines


def fmt(row: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.1f}" for x in row)


def render(results: list[dict]) -> str:
    out = ["| topic | sources | hand-made claims | drafts written | extract exit | check exit on drafts |", "|---|---|---|---|---|---|"]
    for r in results:
        out.append(f"| {r['topic']} | {r['sources']} | {r['hand']} | {r['drafted']} | {r['extract_exit']} | {r['check_exit']} |")
    out += ["", "Drafts against the hand-made claims, P / R / F1 (every draft written; in brackets, drafts with a resolved metric):", ""]
    out.append("| level | " + " | ".join(r["topic"] for r in results) + " |")
    out.append("|---|" + "---|" * len(results))
    for level in TOPIC_LEVELS:
        cells = [f"{fmt(r['scores'].scores[level].row())} ({r['scores'].scores_resolved[level].row()[2]:.1f})" for r in results]
        out.append(f"| {level} | " + " | ".join(cells) + " |")
    out += ["", "Findings against gold.yaml (every severity):", ""]
    out.append("| topic | claims | findings | true | precision | must-flag recall | look-alikes flagged |")
    out.append("|---|---|---|---|---|---|---|")
    for r in results:
        for name in ("handmade", "drafts"):
            g = r[name]
            out.append(f"| {r['topic']} | {'hand-made' if name == 'handmade' else 'drafts'} | {g['findings']} | {g['true']} | {g['precision']} | {g['recall']} | {g['lookalikes']} |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("topics", nargs="*", type=Path)
    parser.add_argument("--keep", type=Path, default=None, help="Keep the drafts in this folder (one subfolder per topic); default: a temporary folder, removed.")
    parser.add_argument("--errors", action="store_true", help="Also list attribute errors and missed claims per topic.")
    args = parser.parse_args()
    topics = args.topics or sorted(p for p in (REPO / "benchmarks" / "eval").glob("*") if (p / "gold.yaml").is_file())
    results = [r for r in (run_topic(t, args.keep) for t in topics) if r is not None]
    print(render(results))
    for r in results:
        if r["extract_err"] or r["check_err"]:
            print(f"\n{r['topic']}: extract stderr: {r['extract_err'][:2000]}\ncheck stderr: {r['check_err'][:2000]}", file=sys.stderr)
        if args.errors:
            print(f"\n### {r['topic']}\n", file=sys.stderr)
            for line in r["scores"].errors + [f"missed {m}" for m in r["scores"].misses]:
                print(f"- {line}", file=sys.stderr)
            for finding in r["drafts"]["false"]:
                print(f"- false finding: {describe(finding)}", file=sys.stderr)
            for item in r["drafts"]["missed"]:
                print("\n".join(describe_missed(item, r)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
