"""Claim files of any kind -> one validated claims table (the Corpus), keeping each claim's file
and line. YAML is read claim by claim (checker/loading.py); CSV and Parquet as columns
(checker/loading_columns.py); both build on the validators of checker/loading.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from checker.claim import Claim, claims_frame
from checker.errors import InputErrors, InputIssue
from checker.frames import plain_strings, sorted_positions
from checker.loading import (CONTENT_ORDER, Corpus, Source, _load_yaml_file, _verify_quotes, claim_files, duplicate_ids,
                             first_of_each_scope, lookalike_scopes)
from checker.loading_columns import load_flat_file
from checker.rules import RuleSet
from checker.yamlio import display_path


def load_corpus(paths: list[Path], rules: RuleSet, source_dirs: list[Path] | None = None, display_root: Path | None = None) -> Corpus:
    files, issues = claim_files(paths)
    records: list[Claim] = []
    tables: list[pd.DataFrame] = []  # flat files read as columns
    unresolved: list[dict[str, Any]] = []
    sources: dict[str, Source] = {}
    for file in files:
        if file.suffix.lower() in (".csv", ".parquet"):
            table = load_flat_file(file, display_path(file, display_root), rules, records, sources, issues, unresolved)
            if table is not None:
                tables.append(table)
        else:
            _load_yaml_file(file, display_path(file, display_root), rules, records, sources, issues, unresolved)
    if not files and not issues:
        issues.append(InputIssue(", ".join(str(p) for p in paths) or ".", None, None, "no claim files (*.yaml, *.yml, *.csv, *.parquet) found"))
    count = len(records) + sum(len(t) for t in tables)
    if count > rules.settings.max_claims:
        issues.append(InputIssue(str(paths[0]), None, None, f"{count:,} claims, over the limit of {rules.settings.max_claims:,}", "raise settings.max_claims"))
    issues += duplicate_ids(records, tables)
    for folder in source_dirs or []:
        if not folder.is_dir():
            issues.append(InputIssue(str(folder), None, "--sources", "folder does not exist", "quotes cannot be verified against it; name the folder of source texts"))
    texts_read: list[str] = []
    provenance = _verify_quotes(records, sources, source_dirs or [], issues, texts_read, tables)
    if issues:
        raise InputErrors(issues)
    frame = claims_frame(records)
    if tables:
        if records:
            frame = pd.concat([frame.astype(tables[0].dtypes.to_dict()), *tables], ignore_index=True)
        else:  # one flat file is the table already: no copy of millions of rows before the sort copies them
            frame = tables[0] if len(tables) == 1 else pd.concat(tables, ignore_index=True)
    frame = plain_strings(frame, copy=False)  # a table of our own, converted in place
    if not frame.empty:
        # Content order, not file order: the same claims in another order or file give the same
        # table, so every check and report is independent of how the input was arranged.
        frame = frame.iloc[sorted_positions(frame, CONTENT_ORDER)].reset_index(drop=True)
    unresolved.sort(key=lambda u: (u["source_id"], u["file"], u["line"]))
    return Corpus(frame, sources, tuple(str(f) for f in files), provenance, unresolved, tuple(sorted(texts_read)), lookalike_scopes(first_of_each_scope(frame)))
