"""Leave-one-out for `checker gate`: gate each article's text against the claims of the others.

Usage:
  python benchmarks/gate_loo.py [--shared ../shared]                 # the bundled seed corpus
  python benchmarks/gate_loo.py --topic DIR [--topic DIR ...]         # evaluation topics
  add --verbose to list every false and missed conflict and every finding not counted, with the
  draft figures it rests on as the gate read them

For each claims file whose `source.text` names a text: the text is gated (with the file's own
publication date) against every other claims file of the corpus, with the corpus's rules.
The gate's conflicts are then compared with references, claim by claim:

- a draft figure stands for the hand-made claim of the left-out file with the same metric,
  an overlapping interval and the quote nearest to the figure (a figure whose metric the
  extractor misread maps to no claim, so it can only count as false);
- claims derived by the rules stand for the claims they were derived from;
- a conflict matches a reference when the rule is the same (gold items: any rule) and it
  involves at least min(2, n) of the reference's n claims, as benchmarks/accuracy.py scores.

References: the findings of `checker check` on the whole corpus that involve the article
("check"; for the seed corpus these are the bundled findings of reports/audit.md), and, for an
evaluation topic, the gold.yaml `must_flag` items that involve it ("gold"; a conflict matching a
`must_not_flag` item is counted as a look-alike). Eval texts start with header lines (title,
url, published) and a blank line; the header is not part of the article and is dropped.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from checker.engine import run_audit  # noqa: E402
from checker.gate import run_gate  # noqa: E402
from checker.corpus import load_corpus  # noqa: E402
from checker.rules import load_rules  # noqa: E402
from checker.restatements import stated_apart  # noqa: E402


@dataclass
class Row:
    article: str
    figures: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    conflicts: list = field(default_factory=list)  # (rule, ids, message) per gate finding
    tentative: int = 0  # findings that rest on a reading too weak to count (not conflicts)
    not_counted: list = field(default_factory=list)  # (rule, ids, message, figures) of those findings
    check_expected: list = field(default_factory=list)
    check_found: int = 0
    check_false: list = field(default_factory=list)
    check_missed: list = field(default_factory=list)
    gold_expected: list = field(default_factory=list)
    gold_found: int = 0
    gold_false: list = field(default_factory=list)
    lookalikes: int = 0
    gold_missed: list = field(default_factory=list)


def expanded_ids(finding, translate) -> frozenset[str]:
    """The claim ids a finding rests on, derived claims replaced by their sources."""
    ids = set()
    for claim in finding.claims:
        for cid in claim.derived_from.split(",") if claim.derived_from else [claim.claim_id]:
            ids.add(translate(cid))
    return frozenset(ids)


def involves(ids: frozenset[str], reference: frozenset[str]) -> bool:
    return len(ids & reference) >= min(2, len(reference))


def draft_to_claims(gate, handmade, text: str) -> dict[str, str]:
    """Draft claim id -> the hand-made claim id it stands for (strict: same metric)."""
    frame = gate.audit.claims
    own = frame[frame["source_id"] == gate.draft.source_id]
    offsets = {f.claim_id: int(f.claim["extraction"]["start"]) for f in gate.draft.figures}
    where = {row.claim_id: text.find(str(row.quote)) for row in handmade.itertuples()}
    mapping = {}
    for row in own.itertuples():
        if row.derived_from:
            continue
        peers = handmade[(handmade["metric"] == row.metric) & (handmade["low"] <= row.high) & (handmade["high"] >= row.low)]
        if peers.empty:
            continue
        best = min(peers.itertuples(), key=lambda p: (p.scope != row.scope, abs(where[p.claim_id] - offsets.get(row.claim_id, 0)) if where[p.claim_id] >= 0 else math.inf, p.claim_id))
        mapping[row.claim_id] = best.claim_id
    return mapping


def gold_items(topic: Path) -> tuple[list, list]:
    path = topic / "gold.yaml"
    if not path.is_file():
        return [], []
    gold = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    flag = [(item["id"], frozenset(item["claims"])) for item in gold.get("must_flag") or []]
    keep = [(item["id"], frozenset(item["claims"])) for item in gold.get("must_not_flag") or []]
    return flag, keep


def article_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("title:"):  # eval texts: header lines, a blank line, then the article
        return text.split("\n\n", 1)[1] if "\n\n" in text else ""
    return text


def leave_one_out(claims_dir: Path, rules_dir: Path, texts_dir: Path, topic: Path | None, verbose: bool, infer_windows: bool = False) -> list[Row]:
    rules = load_rules([rules_dir])
    files = sorted(claims_dir.glob("*.yaml"))
    full = run_audit(load_corpus(files, rules), rules)
    # The gate keeps a draft's findings apart: compare with each finding a merged one stands for.
    reference = [(f.rule, expanded_ids(f, lambda cid: cid), f.message) for merged in full.findings for f in stated_apart(merged) if f.claims]
    must_flag, must_not = gold_items(topic) if topic else ([], [])
    rows = []
    for left_out in files:
        source = yaml.safe_load(left_out.read_text(encoding="utf-8"))["source"]
        if not source.get("text") or not (texts_dir / source["text"]).is_file():
            continue
        sid = source["id"]
        handmade = load_corpus([left_out], rules).claims
        mine = set(handmade["claim_id"])
        text = article_text(texts_dir / source["text"])
        with tempfile.TemporaryDirectory() as tmp:
            draft = Path(tmp) / f"{sid}.txt"
            draft.write_text(text, encoding="utf-8")
            result = run_gate([str(draft)], [f for f in files if f != left_out], rules, published=str(source["published"]), infer_windows=infer_windows)
        gate = result.drafts[0]
        mapping = draft_to_claims(gate, handmade, text)
        translate = lambda cid: mapping.get(cid, f"draft:{cid}" if cid.startswith(gate.draft.source_id + "#") else cid)  # noqa: E731
        row = Row(sid, len(gate.verdicts))
        for verdict in gate.verdicts:
            row.verdicts[verdict.verdict] = row.verdicts.get(verdict.verdict, 0) + 1
        row.conflicts = [(f.rule, expanded_ids(f, translate), f.message, figures_of(f, gate), fails(f)) for f in gate.findings]
        row.tentative = len(gate.tentative)
        row.not_counted = [(f.rule, expanded_ids(f, translate), f.message, figures_of(f, gate)) for f in gate.tentative]
        score_against_check(row, reference, mine)
        if topic is not None:
            score_against_gold(row, must_flag, must_not, mine)
        rows.append(row)
        if verbose:
            show(row)
    return rows


def fails(finding) -> bool:
    """Whether the finding fails the gate at the default --fail-on (error)."""
    return finding.accepted is None and finding.severity.value == "error"


def figures_of(finding, gate) -> str:
    """The draft figures a finding involves, as the gate read them (for --verbose)."""
    by_id = {f.claim_id: f for f in gate.draft.figures}
    verdicts = {v.figure.claim_id: v for v in gate.verdicts}
    lines = []
    for claim in finding.claims:
        for cid in [claim.claim_id, *(claim.derived_from.split(",") if claim.derived_from else [])]:
            figure = by_id.get(cid)
            if figure is not None:
                verdict = verdicts.get(cid)
                why = f" {verdict.verdict} {verdict.reason} guessed={','.join(verdict.guessed)}" if verdict is not None else ""
                lines.append(f"{cid}: {figure.printed!r} {figure.metric} [{figure.scope}] {figure.window} ({figure.window_basis}) conf {figure.confidence:.2f} sev {finding.severity.value}{why}\n         | {figure.sentence[:220]}")
    return "\n        ".join(dict.fromkeys(lines))


def score_against_check(row: Row, reference, mine: set[str]) -> None:
    row.check_expected = [r for r in reference if r[1] & mine]
    matched = [any(c[0] == r[0] and involves(c[1], r[1]) for c in row.conflicts) for r in row.check_expected]
    row.check_found = sum(matched)
    row.check_missed = [r for r, hit in zip(row.check_expected, matched) if not hit]
    row.check_false = [c for c in row.conflicts if not any(c[0] == r[0] and involves(c[1], r[1]) for r in row.check_expected)]


def score_against_gold(row: Row, must_flag, must_not, mine: set[str]) -> None:
    row.gold_expected = [item for item in must_flag if item[1] & mine]
    matched = [any(involves(c[1], item[1]) for c in row.conflicts) for item in row.gold_expected]
    row.gold_found = sum(matched)
    row.gold_missed = [item for item, hit in zip(row.gold_expected, matched) if not hit]
    row.gold_false = [c for c in row.conflicts if not any(involves(c[1], item[1]) for item in row.gold_expected)]
    row.lookalikes = sum(any(involves(c[1], item[1]) for item in must_not) for c in row.gold_false)


def show(row: Row) -> None:
    print(f"== {row.article}: {row.figures} figures {row.verdicts}", file=sys.stderr)
    for rule, ids, message, figures, _ in row.check_false:
        print(f"   false (vs check): {rule} {sorted(ids)}\n      {message[:300]}\n        {figures}", file=sys.stderr)
    for rule, ids, message in row.check_missed:
        print(f"   missed (vs check): {rule} {sorted(ids)}\n      {message[:300]}", file=sys.stderr)
    for rule, ids, message, figures in row.not_counted:
        print(f"   not counted (weak reading): {rule} {sorted(ids)}\n        {figures}", file=sys.stderr)
    for rule, ids, message, _, _ in row.gold_false:
        print(f"   not in gold: {rule} {sorted(ids)}\n      {message[:300]}", file=sys.stderr)
    for item_id, ids in row.gold_missed:
        print(f"   gold missed: {item_id} {sorted(ids)}", file=sys.stderr)


def table(title: str, rows: list[Row], gold: bool) -> str:
    head = "| Article | Figures | Verdicts: conflict / consistent / new / not understood | Conflicts (failing) | Not counted | Expected (check) | Found | False (failing) | Missed |"
    line = "|---|---:|---|---:|---:|---:|---:|---:|---:|"
    if gold:
        head += " Gold items | Gold found | Not in gold (look-alikes) | Gold missed |"
        line += "---:|---:|---|---:|"
    out = [f"### {title}", "", head, line]
    totals = [0] * 14
    for r in rows:
        v = r.verdicts
        cells = [r.figures, len(r.conflicts), r.tentative, len(r.check_expected), r.check_found, len(r.check_false), len(r.check_missed)]
        failing = [sum(c[4] for c in r.conflicts), sum(c[4] for c in r.check_false)]
        mix = f"{v.get('conflict', 0)} / {v.get('consistent', 0)} / {v.get('new', 0)} / {v.get('not understood', 0)}"
        shown = [str(c) for c in cells[1:]]
        shown[0] += f" ({failing[0]})"
        shown[4] += f" ({failing[1]})"
        text = f"| {r.article} | {cells[0]} | {mix} | " + " | ".join(shown) + " |"
        if gold:
            text += f" {len(r.gold_expected)} | {r.gold_found} | {len(r.gold_false)} ({r.lookalikes}) | {len(r.gold_missed)} |"
        out.append(text)
        for k, value in enumerate(cells + [len(r.gold_expected), r.gold_found, len(r.gold_false), r.lookalikes, len(r.gold_missed)] + failing):
            totals[k] += value
    shown = [str(t) for t in totals[1:7]]
    shown[0] += f" ({totals[12]})"
    shown[4] += f" ({totals[13]})"
    total = f"| **all** | {totals[0]} | | " + " | ".join(shown) + " |"
    if gold:
        total += f" {totals[7]} | {totals[8]} | {totals[9]} ({totals[10]}) | {totals[11]} |"
    out.append(total)
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="folder with seeds/ (the seed texts)")
    parser.add_argument("--topic", type=Path, action="append", default=[], help="an evaluation topic folder (claims/, rules/, texts/, gold.yaml)")
    parser.add_argument("--infer-windows", action="store_true", help="gate with --infer-windows (guessed windows count as stated)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    mode = " (--infer-windows)" if args.infer_windows else ""
    if not args.topic:
        rows = leave_one_out(REPO / "claims", REPO / "rules", args.shared / "seeds", None, args.verbose, args.infer_windows)
        print(table(f"Seed corpus{mode}", rows, gold=False))
    for topic in args.topic:
        rows = leave_one_out(topic / "claims", topic / "rules", topic / "texts", topic, args.verbose, args.infer_windows)
        print(table(f"{topic.name}{mode}", rows, gold=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
