"""The claim: its columns, defined once, the frozen record of one claim built from them, and the
claims table read as columns.

A claim has two shapes. In bulk it is a row of the claims table, a pandas DataFrame with the
columns of `COLUMNS` (the loader builds it; the engine adds `PREPARED_COLUMNS`), read through a
`Claims` view: each column once as a numpy array, cheap to slice by metric and scope, so the
checks work on columns and never on a Python object per claim. One at a time, where code needs
a claim's values (the claims a finding cites, a relation's picks, a derived claim), it is a
`Claim`, built from one row of the view.
"""

from __future__ import annotations

import math
import weakref
from collections import namedtuple
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np
import pandas as pd

from checker.model import ClaimRef, Interval

if TYPE_CHECKING:
    from checker.rules import RuleSet


@dataclass(frozen=True)
class Column:
    name: str
    dtype: type
    meaning: str


# The claims table: one row per claim, built once by the loader.
TABLE = (
    Column("claim_id", str, "stable id: <source id>#<n> unless given"),
    Column("source_id", str, "the source's id"),
    Column("source_title", str, "the source's title"),
    Column("publisher", str, "who published the source"),
    Column("url", str, "the source's address (\"\" if none)"),
    Column("published", str, "publication date as ISO text with its precision: 2025-06 or 2025-06-11"),
    Column("published_first", int, "first ordinal day the publication date allows"),
    Column("published_last", int, "last ordinal day the publication date allows"),
    Column("date_basis", str, "stated | inferred: how the publication date is known"),
    Column("metric", str, "canonical metric id"),
    Column("metric_written", str, "the metric as written in the claim file"),
    Column("kind", str, "the metric's kind: cumulative | level | share | estimate"),
    Column("scope", str, "what the figure is about, normalised (\"\" for the metric's own)"),
    Column("scope_basis", str, "stated | inferred: how the scope is known (inferred: the sentence named none, so it may be a part's)"),
    Column("printed", str, "the figure as printed"),
    Column("value", float, "central value in the claim's own unit"),
    Column("qualifier", str, "qualifier id: exact, range, about, more_than..."),
    Column("unit", str, "the claim's unit id"),
    Column("factor", float, "multiply by this to reach the metric's unit (NaN: not convertible)"),
    Column("low", float, "low end of the figure's interval, in the metric's unit"),
    Column("high", float, "high end of the figure's interval, in the metric's unit"),
    Column("low_open", bool, "the interval excludes its low end"),
    Column("high_open", bool, "the interval excludes its high end"),
    Column("exact_low", float, "low end with a round figure read as exact (\"1,200\" as 1,200), in the metric's unit: a reading checks use to tell what only rounding excuses; low for other figures"),
    Column("exact_high", float, "high end with a round figure read as exact, in the metric's unit; high for other figures"),
    Column("window_text", str, "the window as \"start .. end\" (\"?\" for an unknown start)"),
    Column("window_basis", str, "stated | inferred | context | derived: how the window is known"),
    Column("start_first", float, "first ordinal day the window start allows; NaN when unknown"),
    Column("start_last", float, "last ordinal day the window start allows; NaN when unknown"),
    Column("end_first", float, "first ordinal day the window end allows"),
    Column("end_last", float, "last ordinal day the window end allows"),
    Column("end_from_publication", bool, "the end is \"as of publication\" (the reporting lag applies)"),
    Column("attributed_to", str, "who gave the figure (\"\" if unsaid)"),
    Column("quote", str, "the sentence fragment the figure comes from"),
    Column("note", str, "the reviewer's note"),
    Column("file", str, "the claims file, as displayed"),
    Column("line", int, "the claim's line in that file"),
    Column("derived_from", str, "ids of the claims a derived claim came from (\"\" for claims as written)"),
)
# Added by the engine before the checks run (engine.prepare), vectorised.
PREPARED = (
    Column("end_early", float, "earliest day the window may end: end_first less the reporting lag for an end as of publication"),
    Column("directional", bool, "the qualifier is a bound (\"more than\"), not a rounding"),
    Column("norm_value", float, "central value in the metric's unit"),
)
COLUMNS = tuple(column.name for column in TABLE)
PREPARED_COLUMNS = tuple(column.name for column in PREPARED)
FIELDS = COLUMNS + PREPARED_COLUMNS
PREPARED_DEFAULTS = {"end_early": math.nan, "directional": False, "norm_value": math.nan}


class Claim(namedtuple("Claim", FIELDS, defaults=[PREPARED_DEFAULTS[name] for name in PREPARED_COLUMNS])):
    """One claim: a frozen record of one row of the claims table, one field per column of
    `FIELDS` (``claim.low``). A named tuple rather than a dataclass: relation sweeps make tens of
    thousands of them, and a tuple is built in one call where a frozen dataclass sets each of its
    38 fields in turn, ten times slower. ``claim._replace(low=...)`` gives a changed copy."""

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        """``claim["low"]`` is ``claim.low``: code written against table rows reads a Claim."""
        if not isinstance(key, str):
            return tuple.__getitem__(self, key)
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    @property
    def interval(self) -> Interval:
        """The figure as an interval in its metric's unit."""
        return Interval(float(self.low), float(self.high), bool(self.low_open), bool(self.high_open))

    def to_dict(self) -> dict[str, Any]:
        return dict(zip(FIELDS, self))


def claims_frame(claims: Iterable["Claim"], columns: tuple[str, ...] = COLUMNS) -> pd.DataFrame:
    """A claims table with `columns`, one row per claim, in order."""
    return pd.DataFrame.from_records([[getattr(claim, name) for name in columns] for claim in claims], columns=list(columns))


def cite(claim: "Claim", rules: "RuleSet | None" = None) -> ClaimRef:
    """How a finding cites `claim` (see ClaimRef); with the rules, also its interval as
    compared, in its metric's unit."""
    start, _, end = str(claim.window_text).partition(" .. ")
    return ClaimRef(
        claim_id=str(claim.claim_id), source=str(claim.source_id), source_title=str(claim.source_title),
        publisher=str(claim.publisher), url=str(claim.url), published=str(claim.published), metric=str(claim.metric),
        scope=str(claim.scope), printed=str(claim.printed), value=float(claim.value), qualifier=str(claim.qualifier),
        unit=str(claim.unit), low=float(claim.low), high=float(claim.high), window_text=str(claim.window_text),
        window_start="" if start == "?" else start, window_end=end, attributed_to=str(claim.attributed_to),
        quote=str(claim.quote), file=str(claim.file), line=int(claim.line), derived_from=str(claim.derived_from),
        compared=_compared(claim, rules) if rules is not None else "",
    )


def _compared(claim: "Claim", rules: "RuleSet") -> str:
    if pd.isna(claim.low):
        return "not convertible"
    return f"{claim.interval.describe()} {rules.metrics[claim.metric].unit}"


class _Table:
    """What every view of one claims table shares: its columns read once, as numpy arrays or
    Python lists, the claims built so far, and the positions of each metric's claims."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.arrays: dict[str, np.ndarray] = {}
        self.lists: dict[str, list] = {}
        self.claims: dict[int, Claim] = {}
        self.by_metric: dict[str, np.ndarray] | None = None
        self.memo: dict = {}  # what code reading this table computes once for many calls

    def codes(self, name: str) -> tuple[np.ndarray, int]:
        """Column `name` as numbers in the sorted order of its distinct values, missing values
        numbered last (as the count of distinct values), and that count: factorised once per
        frame, however many checks (each with its own table over the frame) group by the column."""
        coded = _coded(self.frame)
        found = coded.found.get(name)
        if found is None and coded.within is not None:
            whole, rows = coded.within
            codes, count = _Table(whole).codes(name)
            found = coded.found[name] = (codes[rows], count)
        elif found is None:
            codes, uniques = pd.factorize(self.array(name), sort=True)
            codes = np.where(codes < 0, len(uniques), codes)
            found = coded.found[name] = (codes, len(uniques))
            coded.uniques[name] = uniques
        return found

    def coded(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Column `name` as `codes` numbers it, with the distinct values they number (missing
        values are numbered past them)."""
        codes, _ = self.codes(name)
        coded = _coded(self.frame)
        if name not in coded.uniques:  # numbered within a larger frame: its distinct values
            whole, _ = coded.within
            _Table(whole).coded(name)
            coded.uniques[name] = _coded(whole).uniques[name]
        return codes, coded.uniques[name]

    def array(self, name: str) -> np.ndarray:
        values = self.arrays.get(name)
        if values is None:
            values = self.arrays[name] = self.frame[name].to_numpy()
        return values

    def values(self, name: str) -> list:
        values = self.lists.get(name)
        if values is None:
            values = self.lists[name] = self.array(name).tolist()
        return values

    def claims_at(self, positions: list[int]) -> list["Claim"]:
        """The claims at `positions`, each built once: the ones not built yet are made together,
        a column at a time, so many claims cost a few numpy takes and a constructor call each."""
        missing = [p for p in dict.fromkeys(positions) if p not in self.claims]
        if missing:
            index = np.asarray(missing, dtype=np.int64)
            columns = [self._take(name, index) for name in FIELDS]
            self.claims.update(zip(missing, map(Claim._make, zip(*columns))))
        return [self.claims[p] for p in positions]

    def _take(self, name: str, positions: np.ndarray) -> list:
        if name not in self.frame.columns:
            return [PREPARED_DEFAULTS[name]] * len(positions)
        return self.array(name)[positions].tolist()


class _Coded:
    """The codes of a frame's columns (see _Table.codes), kept while the frame lives: the engine
    hands one frame to several checks, and frames are never changed once checks read them."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[np.ndarray, int]] = {}
        self.uniques: dict[str, np.ndarray] = {}  # the distinct values of a column numbered here, sorted
        self.within: tuple[pd.DataFrame, np.ndarray] | None = None  # a larger frame and the rows of it these are


def _coded(frame: pd.DataFrame) -> _Coded:
    known = _CODED.get(id(frame))
    if known is None or known[0]() is not frame:
        known = _CODED[id(frame)] = (weakref.ref(frame, lambda _, key=id(frame): _CODED.pop(key, None)), _Coded())
    return known[1]


_CODED: dict[int, tuple[weakref.ref, _Coded]] = {}  # id of a frame -> (the frame, its codes)


def seed_codes(frame: pd.DataFrame, name: str, codes: np.ndarray, uniques: np.ndarray) -> None:
    """Tells every table over `frame` its column `name` as numbers (`Claims.codes`), known to
    whoever built the frame: each row's value as its place in `uniques`, its distinct values
    sorted (none missing)."""
    coded = _coded(frame)
    coded.found[name] = (codes, len(uniques))
    coded.uniques[name] = uniques


def share_codes(frame: pd.DataFrame, copy: pd.DataFrame) -> None:
    """Tells the tables over `copy`, a frame of the same rows as `frame` in the same order, the
    columns of `frame` numbered so far (the column itself must not have changed)."""
    known, kept = _coded(frame), _coded(copy)
    if copy is not frame and known.within is None:
        for name, found in known.found.items():
            kept.found.setdefault(name, found)
            if name in known.uniques:
                kept.uniques.setdefault(name, known.uniques[name])


def extend_codes(frame: pd.DataFrame, more: pd.DataFrame, whole: pd.DataFrame) -> None:
    """Tells the tables over `whole`, the rows of `frame` followed by those of `more`, the
    columns of `frame` numbered so far whose values in `more` are all among frame's (a new
    value would renumber the others)."""
    known, kept = _coded(frame), _coded(whole)
    if known.within is not None or len(whole) != len(frame) + len(more):
        return
    for name, uniques in known.uniques.items():
        values = more[name].to_numpy()
        try:
            place = np.searchsorted(uniques, values)
            found = bool(np.all(place < len(uniques))) and bool(np.all(uniques[np.minimum(place, len(uniques) - 1)] == values))
        except TypeError:  # a missing value among text
            found = False
        if found and len(uniques):
            codes, count = known.found[name]
            kept.found.setdefault(name, (np.concatenate([codes, place]), count))
            kept.uniques.setdefault(name, uniques)


class Claims:
    """The claims table, or some of its rows, read as columns.

    ``claims["low"]`` is that column's values for these rows (a numpy array, read once per
    table); ``claims.claim(k)`` is row k as a `Claim`; ``claims.take(ks)`` is a view of rows ks,
    cheap to make (nothing is copied until a column is read). ``positions`` are the rows'
    places in the whole table, which every view of it shares; `of_metrics`, `of` and `sources`
    answer in those places, to `take` from the whole table.
    """

    def __init__(self, frame: pd.DataFrame, positions: np.ndarray | None = None, table: _Table | None = None):
        self.frame = frame
        self.table = table if table is not None else _Table(frame)
        self.positions = positions if positions is not None else np.arange(len(frame))
        self.whole = positions is None
        self._cache: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, name: str) -> np.ndarray:
        if self.whole:
            return self.table.array(name)
        values = self._cache.get(name)
        if values is None:
            values = self._cache[name] = self.table.array(name)[self.positions]
        return values

    def values(self, name: str) -> list:
        """A column of the whole table as a Python list, for loops over many claims."""
        return self.table.values(name)

    def codes(self, name: str) -> tuple[np.ndarray, int]:
        """These rows' values of column `name` as numbers in the sorted order of the whole
        table's distinct values (missing values last), and how many numbers there are but the
        missing one: equal values get equal numbers, in any view of the table."""
        codes, count = self.table.codes(name)
        return (codes if self.whole else codes[self.positions]), count

    def lend_codes(self, ks: np.ndarray, frame: pd.DataFrame) -> None:
        """Tables over `frame`, which holds rows ks of these claims in order, read their codes
        from these claims' (numbered among this table's values) instead of numbering again."""
        coded = _coded(frame)
        if frame is not self.table.frame and coded.within is None and not coded.found:
            coded.within = (self.table.frame, self.positions[ks])

    def claim(self, k: int) -> "Claim":
        """Row k of these claims as a Claim."""
        return self.table.claims_at([int(self.positions[k])])[0]

    def claims_at(self, ks) -> list["Claim"]:
        """Rows ks of these claims as Claims, built together (see _Table.claims_at)."""
        return self.table.claims_at(self.positions[ks].tolist())

    def take(self, ks: np.ndarray) -> "Claims":
        return Claims(self.frame, self.positions[ks], self.table)

    def of_metrics(self, metrics: Iterable[str]) -> np.ndarray:
        """Positions of the claims of `metrics` in the table, in table order."""
        if self.table.by_metric is None:
            frame = self.table.frame
            self.table.by_metric = {str(m): p for m, p in frame.groupby("metric", sort=False).indices.items()} if len(frame) else {}
        found = [self.table.by_metric[m] for m in dict.fromkeys(metrics) if m in self.table.by_metric]
        return np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)

    def of(self, metric: str, scope: str) -> np.ndarray:
        """Positions of the claims of one metric and scope, in table order."""
        positions = self.of_metrics([metric])
        return positions[self.table.array("scope")[positions] == scope]

    def sources(self) -> np.ndarray:
        """Each row's source as a number, sources numbered in sorted order; -1 for none."""
        return self.sources_at(self.positions)

    def sources_at(self, positions: np.ndarray) -> np.ndarray:
        """`sources` for the rows at these table positions."""
        codes, count = self.table.codes("source_id")
        found = codes[positions]
        return np.where(found == count, -1, found)

    @property
    def empty(self) -> bool:
        """No rows (as DataFrame.empty): code that reads rows takes a view or a table alike."""
        return not len(self.positions)


def as_claims(claims: "pd.DataFrame | Claims") -> Claims:
    return claims if isinstance(claims, Claims) else Claims(claims)
