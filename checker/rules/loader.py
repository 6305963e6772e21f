"""Reads the rules files and runs each section's validator, in the order their names depend on:
units, qualifiers and named dates before the constants and metrics that name them, metrics and
constants before the relations between them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from checker.errors import InputErrors
from checker.relations import implied_subsets, parse_relations
from checker.rules.accepted import load_accepted
from checker.rules.checks import load_checks
from checker.rules.constants import load_constants
from checker.rules.metrics import load_metrics
from checker.rules.named_dates import load_named_dates
from checker.rules.qualifiers import load_qualifiers
from checker.rules.relations import relation_specs
from checker.rules.ruleset import RuleSet
from checker.rules.schema import Collector, Documents, check_keys
from checker.rules.scopes import load_scopes
from checker.rules.settings import load_settings
from checker.rules.units import load_units
from checker.yamlio import DEFAULT_MAX_FILE_BYTES, LineDict, display_path, load_yaml

SECTIONS = ("settings", "units", "metrics", "named_dates", "qualifiers", "scopes", "checks", "constants", "relations", "accepted")


def load_rules(paths: list[Path], settings_overrides: Mapping[str, Any] | None = None) -> RuleSet:
    """Load every *.yaml / *.yml file in the given folders (or files), sorted by name.

    `settings_overrides` (the command line's --max-file-size and --max-claims) win over the
    files' settings; max_file_bytes also bounds the rules files themselves.
    """
    overrides = dict(settings_overrides or {})
    c = Collector()
    files = _rule_files(c, paths)
    documents = _read_documents(c, files, overrides.get("max_file_bytes", DEFAULT_MAX_FILE_BYTES))
    settings = load_settings(c, documents, overrides)
    units, unit_names = load_units(c, documents)
    qualifiers, qualifier_names = load_qualifiers(c, documents)
    named_dates, date_names = load_named_dates(c, documents)
    vocabulary = RuleSet(  # what metrics and constants may name
        settings=settings, units=units, qualifiers=qualifiers, named_dates=named_dates, scopes=load_scopes(c, documents),
        files=tuple(display_path(f) for f in files), _unit_names=unit_names, _qualifier_names=qualifier_names, _date_names=date_names,
    )
    metrics, metric_names = load_metrics(c, documents, vocabulary)
    rules = replace(
        vocabulary, metrics=metrics, _metric_names=metric_names, constants=load_constants(c, documents, vocabulary),
        checks=load_checks(c, documents, settings), accepted=load_accepted(c, documents),
    )
    rules = _with_relations(c, relation_specs(c, documents), rules)
    if c.issues:
        raise InputErrors(c.issues)
    return rules


def _with_relations(c: Collector, specs: list[tuple[str, LineDict]], rules: RuleSet) -> RuleSet:
    """The rules with their relations parsed, and those the scopes' part_of imply. Only once
    the rest is valid: a metric a relation names may be one that failed to load."""
    if c.issues:
        return rules
    try:
        return replace(rules, relations=(*parse_relations(specs, rules), *implied_subsets(rules)))
    except InputErrors as exc:
        c.issues.extend(exc.issues)
        return rules


def _rule_files(c: Collector, paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            c.add(str(path), None, None, "rules path does not exist")
    return files


def _read_documents(c: Collector, files: list[Path], max_file_bytes: int) -> Documents:
    """(path as displayed, top-level mapping) of each file that reads as a mapping of sections."""
    documents: Documents = []
    for file in files:
        doc, issue = load_yaml(file, max_file_bytes, display=display_path(file))
        if issue is not None:
            c.issues.append(issue)
            continue
        if doc is None:
            continue
        if not isinstance(doc, LineDict):
            c.add(display_path(file), getattr(doc, "line", 1), None, "a rules file must be a mapping of sections", f"sections: {', '.join(SECTIONS)}")
            continue
        check_keys(c, str(file), doc, SECTIONS, "")
        documents.append((display_path(file), doc))
    return documents
