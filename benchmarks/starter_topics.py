"""A new topic with no rules written: article text -> `checker init` -> drafts -> audit, unedited.

Usage: python benchmarks/starter_topics.py [TOPIC_DIR...] [--keep DIR] [--false]

What a user gets who runs the three commands of README's "A new topic from zero" and edits
nothing: per topic of benchmarks/eval/ (with its git-ignored texts/),

1. `checker init texts/ --output WORK/rules/starter.yaml` proposes metrics, dates and scopes;
2. `checker extract texts/ --rules WORK/rules --output WORK/drafts` drafts the claims with them;
3. `checker check WORK/drafts --rules WORK/rules --format json` audits the drafts.

The findings are scored against the topic's gold.yaml as benchmarks/extraction_topics.py scores
the drafts made with the topic's own rules: each draft stands for the hand-made claim it pairs
with by value (checker/extract/evaluate.py), so a finding is true when the claims it sets against
each other are those of a must-flag item. The starter rules' metric names differ from the
hand-made ones, so only the findings are compared, not the fields.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_topics import REPO, checker, claims_by_source, describe, findings, gold_score  # noqa: E402

from checker.extract.evaluate import score_topic  # noqa: E402
from checker.rules import load_rules  # noqa: E402


def run_topic(topic: Path, work: Path) -> dict[str, object]:
    texts, rules_dir, drafts_dir = topic / "texts", work / "rules", work / "drafts"
    proposed = checker("init", str(texts), "--output", str(rules_dir / "starter.yaml"), "--force")
    extracted = checker("extract", str(texts), "--rules", str(rules_dir), "--output", str(drafts_dir), "--force")
    drafts = {sid: claims for sid, (_, claims) in claims_by_source(drafts_dir).items()}
    hand = claims_by_source(topic / "claims")
    paired = score_topic(drafts, hand, load_rules([topic / "rules"]))  # pairs by value, with the topic's units
    gold = yaml.safe_load((topic / "gold.yaml").read_text(encoding="utf-8"))
    code, found, error = findings(drafts_dir, rules_dir)
    starter = rules_dir / "starter.yaml"  # absent when init failed: its exit code and error are reported
    metrics = (yaml.safe_load(starter.read_text(encoding="utf-8")) or {}).get("metrics") or [] if starter.exists() else []
    resolved = sum(1 for claims in drafts.values() for c in claims if c.get("metric") != "unresolved")
    return {"topic": topic.name, "init_exit": proposed.returncode, "extract_exit": extracted.returncode, "check_exit": code,
            "errors": "\n".join(x for x in (proposed.stderr.strip(), extracted.stderr.strip(), error) if x),
            "metrics": len(metrics), "drafted": sum(len(c) for c in drafts.values()), "resolved": resolved,
            "score": gold_score(found, gold, paired.draft_to_hand)}


def render(results: list[dict]) -> str:
    out = ["| topic | metrics proposed | drafts (resolved) | exits init / extract / check | findings | true | precision | must-flag recall | look-alikes flagged |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        s = r["score"]
        out.append(f"| {r['topic']} | {r['metrics']} | {r['drafted']} ({r['resolved']}) | {r['init_exit']} / {r['extract_exit']} / {r['check_exit']} "
                   f"| {s['findings']} | {s['true']} | {s['precision']} | {s['recall']} | {s['lookalikes']} |")
    total = sum(r["score"]["findings"] for r in results)
    true = sum(r["score"]["true"] for r in results)
    out.append(f"| all | | | | {total} | {true} | {true / total:.2f} | | |" if total else "| all | | | | 0 | 0 | – | | |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topics", nargs="*", type=Path)
    parser.add_argument("--keep", type=Path, default=None, help="Keep each topic's rules and drafts in this folder; default: a temporary folder, removed.")
    parser.add_argument("--false", action="store_true", help="Also list the false findings.")
    args = parser.parse_args()
    topics = args.topics or sorted(p for p in (REPO / "benchmarks" / "eval").glob("*") if (p / "gold.yaml").is_file())
    results = []
    for topic in topics:
        if not any((topic / "texts").glob("*.txt")):
            print(f"{topic.name}: no texts/, skipped", file=sys.stderr)
            continue
        if args.keep is None:
            with tempfile.TemporaryDirectory(prefix=f"starter-{topic.name}-") as folder:
                results.append(run_topic(topic, Path(folder)))
        else:
            results.append(run_topic(topic, args.keep / topic.name))
    print(render(results))
    for r in results:
        if r["errors"]:
            print(f"\n{r['topic']}: {r['errors'][:2000]}", file=sys.stderr)
        if args.false:
            for finding in r["score"]["false"]:
                print(f"- {r['topic']}: false finding: {describe(finding)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
