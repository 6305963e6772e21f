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
from checker.loading_columns import FlatTable, load_flat_file
from checker.rules import RuleSet
from checker.yamlio import display_path


def load_corpus(paths: list[Path], rules: RuleSet, source_dirs: list[Path] | None = None, display_root: Path | None = None) -> Corpus:
    files, issues = claim_files(paths)
    records: list[Claim] = []
    flat: list[FlatTable] = []  # flat files read as columns
    unresolved: list[dict[str, Any]] = []
    sources: dict[str, Source] = {}
    for file in files:
        if file.suffix.lower() in (".csv", ".parquet"):
            table = load_flat_file(file, display_path(file, display_root), rules, records, sources, issues, unresolved)
            if table is not None:
                flat.append(table)
        else:
            _load_yaml_file(file, display_path(file, display_root), rules, records, sources, issues, unresolved)
    if not files and not issues:
        issues.append(InputIssue(", ".join(str(p) for p in paths) or ".", None, None, "no claim files (*.yaml, *.yml, *.csv, *.parquet) found"))
    tables = [table.frame for table in flat]
    count = len(records) + sum(len(t) for t in tables)
    if count > rules.settings.max_claims:
        issues.append(InputIssue(str(paths[0]), None, None, f"{count:,} claims, over the limit of {rules.settings.max_claims:,}", "raise settings.max_claims"))
    one_table = len(tables) == 1 and not records  # its claim ids are unique, and it is in content order
    if not one_table:
        issues += duplicate_ids(records, tables)
    for folder in source_dirs or []:
        if not folder.is_dir():
            issues.append(InputIssue(str(folder), None, "--sources", "folder does not exist", "quotes cannot be verified against it; name the folder of source texts"))
    texts_read: list[str] = []
    provenance = _verify_quotes(records, sources, source_dirs or [], issues, texts_read, tables)
    if issues:
        raise InputErrors(issues)
    unresolved.sort(key=lambda u: (u["source_id"], u["file"], u["line"]))
    if one_table:
        frame, firsts = flat[0].frame, flat[0].firsts
    else:
        frame = claims_table_of(records, tables)
        firsts = first_of_each_scope(frame)
    return Corpus(frame, sources, tuple(str(f) for f in files), provenance, unresolved, tuple(sorted(texts_read)), lookalike_scopes(firsts))


def claims_table_of(records: list[Claim], tables: list[pd.DataFrame]) -> pd.DataFrame:
    """One claims table of the claims read row by row and the flat files' tables, in content
    order, not file order: the same claims in another order or file give the same table, so every
    check and report is independent of how the input was arranged. (A lone flat file's table is
    built in that order already.)"""
    frame = claims_frame(records)
    if tables:
        frame = pd.concat([frame.astype(tables[0].dtypes.to_dict()), *tables], ignore_index=True) if records else pd.concat(tables, ignore_index=True)
    frame = plain_strings(frame, copy=False)  # a table of our own, converted in place
    if frame.empty:
        return frame
    return frame.iloc[sorted_positions(frame, CONTENT_ORDER)].reset_index(drop=True)
