"""The two baselines of benchmarks/scale.py as whole scripts: read the claims file, check, print.

    python benchmarks/baseline_scripts.py pandas|duckdb CLAIMS.parquet|CLAIMS.csv

What a data journalist would write to find cumulative-containment violations among exact
figures (a count over a window that contains another window, by at least `TOLERANCE` days at
each end, yet smaller), on the generated corpora of benchmarks/generate.py: their windows are
"since D", "between D and D" and "during YYYY-MM", a date being ISO or "Month D, YYYY"; "since"
ends on the publication date. Both print the number of violating pairs.

- pandas: read the file, parse the windows with pandas' vectorised string and date functions,
  then groupby metric and scope with a Python loop over the pairs of each group;
- duckdb: one SQL script doing the reading, the parsing and a self-join.

scale.py times each as its own process, start-up and reading included, as it times checker.
"""

from __future__ import annotations

import sys
from pathlib import Path

TOLERANCE = 31  # days


def read_table(path: Path):
    import pandas as pd

    if path.suffix == ".parquet":
        return pd.read_parquet(path, columns=["metric", "value", "qualifier", "window", "scope", "published"])
    return pd.read_csv(path, dtype=str, keep_default_na=False, usecols=["metric", "value", "qualifier", "window", "scope", "published"])


def window_days(frame):
    """Window start and end as day numbers, and the value, of every claim."""
    import pandas as pd

    text = frame["window"]
    start = pd.to_datetime(text.str.extract(r"(?:since|between) (\S+(?: \d+, \d{4})?)")[0], format="mixed", errors="coerce")
    end = pd.to_datetime(text.str.extract(r" and (\S+)$")[0], errors="coerce").fillna(pd.to_datetime(frame["published"]))
    month = pd.to_datetime(text.str.extract(r"^during (\S+)$")[0], format="%Y-%m", errors="coerce")
    start = start.fillna(month)
    end = end.where(month.isna(), month + pd.offsets.MonthEnd(0))
    value = pd.to_numeric(frame["value"].str.replace(",", ""), errors="coerce")
    return pd.DataFrame({"metric": frame["metric"], "scope": frame["scope"].fillna(""), "start": start.dt.day_of_year + start.dt.year * 366,
                         "end": end.dt.day_of_year + end.dt.year * 366, "value": value, "exact": frame["qualifier"] == "exact"})


def pandas_loop(table, tolerance: int = TOLERANCE) -> int:
    """Containment violations among exact figures: groupby metric and scope, a loop over pairs."""
    found = 0
    for _, group in table[table["exact"]].groupby(["metric", "scope"]):
        rows = list(group[["start", "end", "value"]].itertuples(index=False))
        for a in rows:
            for b in rows:
                if b.start <= a.start - tolerance and b.end >= a.end + tolerance and b.value < a.value:
                    found += 1
    return found


def duckdb_join(table, tolerance: int = TOLERANCE) -> int:
    """The same violations counted by a DuckDB self-join on a loaded, parsed table."""
    import duckdb

    exact = table[table["exact"]]  # noqa: F841 (read by the query)
    return duckdb.sql(f"""select count(*) from exact a join exact b on a.metric = b.metric and a.scope = b.scope
                          and b.start <= a.start - {tolerance} and b."end" >= a."end" + {tolerance} and b.value < a.value""").fetchall()[0][0]


DUCKDB_SCRIPT = """
with raw as (
    select metric, coalesce(scope, '') as scope, replace(value, ',', '')::double as value, "window" as w, published::date as published
    from {reader} where qualifier = 'exact'),
parts as (
    select *, regexp_extract(w, '^(since|between|during) (.+?)(?: and (.+))?$', ['kind', 'first', 'last']) as p from raw),
days as (
    select metric, scope, value,
        case when p.kind = 'during' then strptime(p.first || '-01', '%Y-%m-%d')
             else coalesce(try_strptime(p.first, '%Y-%m-%d'), try_strptime(p.first, '%B %d, %Y')) end::date as start,
        case when p.kind = 'during' then last_day(strptime(p.first || '-01', '%Y-%m-%d'))
             when p.kind = 'between' then strptime(p.last, '%Y-%m-%d')
             else published end::date as "end"
    from parts)
select count(*) from days a join days b on a.metric = b.metric and a.scope = b.scope
    and b.start <= a.start - {tolerance} and b."end" >= a."end" + {tolerance} and b.value < a.value
"""


def duckdb_script(path: Path, tolerance: int = TOLERANCE) -> int:
    import duckdb

    quoted = str(path).replace("'", "''")
    reader = f"read_parquet('{quoted}')" if path.suffix == ".parquet" else f"read_csv('{quoted}', all_varchar = true)"
    query = DUCKDB_SCRIPT.format(reader=reader, tolerance=tolerance)
    return duckdb.sql(query).fetchall()[0][0]


def main() -> None:
    kind, path = sys.argv[1], Path(sys.argv[2])
    if kind == "pandas":
        print(pandas_loop(window_days(read_table(path))))
    elif kind == "duckdb":
        print(duckdb_script(path))
    else:
        sys.exit(f"baseline_scripts.py: unknown baseline {kind!r} (pandas or duckdb)")


if __name__ == "__main__":
    main()
