"""Timeline charts: each metric's claims as value against time, one chart per metric and scope
with at least two claims that can be drawn (a figure in the metric's unit and a window end).

Each claim is drawn as
- a horizontal bar from its window's start to its end, at its value (no bar when the window
  has no known start, as for "as of" figures);
- a vertical band at the window's end, from the low to the high end of the interval its
  qualifier and printed precision allow (an open-ended bound runs to the edge of the chart);
- a marker at the window's end, one marker shape per source (the same shape in every chart);
- in the colour of the worst finding it is involved in, labelled with those findings' numbers
  (the numbers of the Markdown and terminal reports); grey when all of them are accepted.

`render_svg` draws with matplotlib, imported only when a chart is drawn (the optional extra
`checker[charts]`). The SVG is byte-identical across runs: a fixed `svg.hashsalt`, no date or
creator in the metadata, DejaVu Sans (bundled with matplotlib) drawn as paths. `render_mermaid`
gives the same series as a Mermaid `xychart-beta` block for places that cannot show images, such
as GitHub job summaries.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass

import numpy as np

from checker.model import SEVERITY_ORDER as FINDING_SEVERITIES, format_number
from checker.report.common import findings_by_claim, group_slugs, numbered_findings, timeline

MAX_POINTS = 150  # a chart of more claims is a smear, not a picture
MAX_CHARTS = 60  # about 0.15 s each: bounds what charts add to a run on a large corpus
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">", "p")
COLOURS = {"error": "#c62828", "warning": "#e65100", "info": "#1565c0", "accepted": "#9e9e9e", "": "#37474f"}
SEVERITY_ORDER = (*FINDING_SEVERITIES, "accepted", "")  # a point's marking: its worst finding, accepted, or none
LEGEND_WORDS = {"error": "in an error (#finding)", "warning": "in a warning (#finding)", "info": "in an info finding", "accepted": "in accepted findings only"}
EPOCH = dt.date(1970, 1, 1).toordinal()  # matplotlib's dates count days from 1970-01-01
RC = {
    "svg.hashsalt": "checker",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.parse_math": False,  # a '$' in a label is a dollar sign, not mathematics
    "axes.unicode_minus": False,
}


@dataclass(frozen=True)
class Point:
    """One claim on a chart. Days are ordinal day numbers; `start` is None when unknown."""

    claim_id: str
    source: str
    source_rank: int  # the source's place among all sources: picks its marker shape
    start: float | None
    end: float
    value: float
    low: float
    high: float
    findings: tuple[int, ...]  # numbers of the findings that involve the claim
    severity: str  # the worst open finding's severity, "accepted", or "" for none


@dataclass(frozen=True)
class Series:
    metric: str
    scope: str
    slug: str  # file-name-safe: the chart is <slug>.svg
    label: str
    unit: str
    points: tuple[Point, ...]
    crowded: int = 0  # more than MAX_POINTS claims could be drawn: how many (points are then not built)


def chart_series(result) -> list[Series]:
    """The chartable timelines of an audit (two or more claims with a figure in the metric's
    unit and a window end), in the reports' metric order."""
    groups = timeline(result.claims)
    slugs = group_slugs(key for key, _ in groups)
    involved = findings_by_claim(numbered_findings(result.findings))
    source_rank = {sid: i for i, sid in enumerate(sorted(result.corpus.sources))}
    series = []
    for (metric_id, scope), group in groups:
        metric = result.rules.metrics[metric_id]
        drawable = group[group["low"].notna() & group["end_last"].notna() & np.isfinite(group["value"] * group["factor"])]
        if len(drawable) > MAX_POINTS:  # not drawn (select_charts): do not build its points
            series.append(Series(metric_id, scope, slugs[(metric_id, scope)], metric.label, metric.unit, (), len(drawable)))
            continue
        points = tuple(_point(row, involved, source_rank) for _, row in drawable.iterrows())
        if len(points) >= 2:
            series.append(Series(metric_id, scope, slugs[(metric_id, scope)], metric.label, metric.unit, points))
    return series


def select_charts(series: list[Series]) -> tuple[list[Series], dict[tuple[str, str], str]]:
    """The series to draw, in report order, and why each other one is not drawn: "crowded"
    (more than MAX_POINTS claims) or "limit" (beyond MAX_CHARTS; series with findings are
    drawn first)."""
    skipped = {(s.metric, s.scope): "crowded" for s in series if s.crowded}
    candidates = [s for s in series if (s.metric, s.scope) not in skipped]
    by_priority = sorted(candidates, key=lambda s: not any(p.findings for p in s.points))  # stable: report order within
    chosen = {(s.metric, s.scope) for s in by_priority[:MAX_CHARTS]}
    skipped.update({(s.metric, s.scope): "limit" for s in candidates if (s.metric, s.scope) not in chosen})
    return [s for s in candidates if (s.metric, s.scope) in chosen], skipped


def _point(row, involved, source_rank) -> Point:
    value = float(row["value"]) * float(row["factor"])
    start = float(row["start_first"])
    pairs = involved.get(str(row["claim_id"]), [])
    severities = [f.severity.value if f.accepted is None else "accepted" for _, f in pairs]
    return Point(
        claim_id=str(row["claim_id"]),
        source=str(row["source_id"]),
        source_rank=source_rank.get(str(row["source_id"]), 0),
        start=None if math.isnan(start) else start,
        end=float(row["end_last"]),
        value=value,
        low=float(row["low"]),
        high=float(row["high"]),
        findings=tuple(number for number, _ in pairs),
        severity=min(severities, key=SEVERITY_ORDER.index) if severities else "",
    )


def chart_title(series: Series) -> str:
    scope = f" ({series.scope})" if series.scope else ""
    return _one_line(f"{series.metric}{scope}: {series.label}", 100)


def finding_label(point: Point) -> str:
    return ", ".join(f"#{n}" for n in point.findings)


# --- SVG (matplotlib) --------------------------------------------------------------------


def render_svg(series: Series) -> str:
    """The chart as SVG text. Raises ImportError when matplotlib is not installed."""
    import matplotlib
    import matplotlib.style
    from matplotlib.figure import Figure

    frame = Frame.of(series.points)
    # matplotlib's defaults, not the user's matplotlibrc, so a chart does not depend on the machine
    with matplotlib.style.context("default"), matplotlib.rc_context(RC):
        figure = Figure(figsize=(8, 4.2))
        axes = figure.subplots()
        for point in series.points:
            _draw_point(axes, point, frame)
        _label_findings(axes, series.points, frame)
        if frame.log:
            axes.set_yscale("log")
        axes.set_xlim(frame.x_low - EPOCH, frame.x_high - EPOCH)
        axes.set_ylim(frame.y_low, frame.y_high)
        _style_axes(axes, series)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


@dataclass(frozen=True)
class Frame:
    """The chart's extent. Values cover every value and finite interval bound with a margin;
    open ends (more than, less than) run to the edge. A series spanning more than a factor of
    ten, all above zero, is drawn on a log scale so small figures do not sit on one line."""

    x_low: float
    x_high: float
    y_low: float
    y_high: float
    log: bool

    @classmethod
    def of(cls, points: tuple[Point, ...]) -> "Frame":
        days = [p.end for p in points] + [p.start for p in points if p.start is not None]
        span = (max(days) - min(days)) or 365.0
        finite = [p.value for p in points] + [b for p in points for b in (p.low, p.high) if math.isfinite(b)]
        low, high = min(finite), max(finite)
        if low > 0 and high / low > 10:
            return cls(min(days) - span * 0.04, max(days) + span * 0.04, low / 1.5, high * 1.5, True)
        margin = (high - low) * 0.12 or abs(high) * 0.12 or 1.0
        y_low = 0.0 if low >= 0 and low - margin < 0 else low - margin  # counts do not go below zero
        return cls(min(days) - span * 0.04, max(days) + span * 0.04, y_low, high + margin, False)

    def fraction(self, day: float, value: float) -> tuple[float, float]:
        """Where a point lies in the plot, from 0 to 1 on each axis."""
        x = (day - self.x_low) / (self.x_high - self.x_low)
        if self.log:
            return x, math.log(max(value, self.y_low) / self.y_low) / math.log(self.y_high / self.y_low)
        return x, (value - self.y_low) / (self.y_high - self.y_low)


def _draw_point(axes, point: Point, frame: Frame) -> None:
    colour = COLOURS[point.severity]
    end = point.end - EPOCH
    emphasis = bool(point.findings) and point.severity != "accepted"
    if point.start is not None and point.start < point.end:
        axes.hlines(point.value, point.start - EPOCH, end, colors=colour, linewidth=3 if emphasis else 2, alpha=0.55)
    low = max(point.low, frame.y_low)
    high = min(point.high, frame.y_high)
    if high > low:
        axes.vlines(end, low, high, colors=colour, linewidth=7, alpha=0.22)
    marker = MARKERS[point.source_rank % len(MARKERS)]
    axes.plot([end], [point.value], linestyle="none", marker=marker, markersize=8 if emphasis else 6,
              markerfacecolor=colour if point.findings else "white", markeredgecolor=colour, markeredgewidth=1.5)


# Label placement, in axes fractions: roughly one 9-point line of text on a 3.8-inch chart.
LABEL_HEIGHT = 0.055
LABEL_CHAR_WIDTH = 0.011
LABEL_STEPS_PT = (5, -14, 17, -26, 29, -38, 41, 53)


def _label_findings(axes, points: tuple[Point, ...], frame: Frame) -> None:
    """Each claim in a finding gets its findings' numbers beside its marker, moved up or down
    in steps until it clears the labels already placed (points close together stay legible)."""
    placed: list[tuple[float, float, float, float]] = []
    for point in sorted((p for p in points if p.findings), key=lambda p: (p.end, p.value, p.claim_id)):
        text = finding_label(point)
        x, y = frame.fraction(point.end, point.value)
        width = LABEL_CHAR_WIDTH * len(text)
        leftward = x + 0.01 + width > 1.0  # no room on the right: the label goes to the left
        left = x - 0.01 - width if leftward else x + 0.01
        for step in LABEL_STEPS_PT:
            box = (left, y + step / 200, left + width, y + step / 200 + LABEL_HEIGHT)
            if not any(_overlap(box, other) for other in placed):
                break
        placed.append(box)
        axes.annotate(text, (point.end - EPOCH, point.value), xytext=(-6 if leftward else 6, step), textcoords="offset points",
                      ha="right" if leftward else "left", color=COLOURS[point.severity], fontsize=9, fontweight="bold")


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _style_axes(axes, series: Series) -> None:
    from matplotlib import dates, ticker
    from matplotlib.lines import Line2D

    locator = dates.AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))
    if axes.get_yscale() == "log":
        axes.yaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        axes.yaxis.set_minor_formatter(ticker.NullFormatter())
    axes.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: format_number(value)))
    axes.set_title(chart_title(series), loc="left", fontsize=10)
    axes.set_ylabel(_one_line(series.unit, 40))
    axes.grid(True, color="#e0e0e0", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    sources = sorted({(p.source_rank, p.source) for p in series.points})
    handles = [Line2D([], [], linestyle="none", marker=MARKERS[rank % len(MARKERS)], color=COLOURS[""], markerfacecolor="white") for rank, _ in sources]
    labels = [_one_line(name, 40) for _, name in sources]
    for severity in SEVERITY_ORDER[:-1]:
        if any(p.severity == severity for p in series.points):
            handles.append(Line2D([], [], linestyle="none", marker="o", color=COLOURS[severity]))
            labels.append(LEGEND_WORDS[severity])
    axes.legend(handles, labels, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(0.0, -0.12), ncol=min(len(labels), 4), borderaxespad=0)


def _one_line(text: str, limit: int) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Mermaid (job summaries) -------------------------------------------------------------


def mermaid_charts(result) -> list[str]:
    """Mermaid blocks for the charts a Markdown report of `result` draws, in report order."""
    drawn, _ = select_charts(chart_series(result))
    return [render_mermaid(series) for series in drawn]


def render_mermaid(series: Series) -> str:
    """The series as a fenced Mermaid `xychart-beta` bar chart: one bar per claim, in timeline
    order, labelled with its window's end, its source and the findings that involve it."""
    labels = []
    for point in series.points:
        end = dt.date.fromordinal(int(point.end)).isoformat()
        mark = f" {finding_label(point)}" if point.findings else ""
        labels.append(_mermaid_text(f"{end} {point.source}{mark}", 60))
    values = ", ".join(_mermaid_number(p.value) for p in series.points)
    return "\n".join([
        "```mermaid",
        "xychart-beta",
        f'    title "{_mermaid_text(chart_title(series), 100)}"',
        "    x-axis [" + ", ".join(f'"{label}"' for label in labels) + "]",
        f'    y-axis "{_mermaid_text(series.unit, 40)}"',
        f"    bar [{values}]",
        "```",
    ])


def _mermaid_text(text: str, limit: int) -> str:
    """Mermaid has no escape for a quote inside a quoted label: drop the characters that could
    end the label or the block."""
    cleaned = "".join(" " if ch in '"`\\[]{};' else ch for ch in _one_line(text, limit))
    return " ".join(cleaned.split())


def _mermaid_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"
