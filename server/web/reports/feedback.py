"""Course feedback as CSV and as small SVG charts. Pure functions over `domain.feedback_course`,
which already holds only aggregates that passed the threshold (never comments).
"""

from __future__ import annotations

import csv
import io
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ...domain import Series

CSV_COLUMNS = ("prompt_key", "prompt", "kind", "session", "card", "answers", "option", "count")
TEXT_OPTION = "(written answers)"

# Calm, colour-blind-safe-ish fills; the agreement scale runs from warm (disagree) to cool.
AGREE_FILLS = ("#b9785f", "#dcb3a0", "#cfcfc8", "#9dbdd0", "#557f9e")
CATEGORY_FILLS = ("#557f9e", "#c49a5a", "#7a9e7e", "#9a7aa8", "#b9785f", "#6f9fa8", "#a8a070", "#8a8a8a")


def _cell(value: str) -> str:
    """Keep spreadsheets from running text as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(series: list[Series]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in series:
        for p in s.points:
            head = [s.key, _cell(s.text), s.kind, p.session, p.card, p.answered]
            if s.kind == "text":
                writer.writerow([*head, TEXT_OPTION, p.answered])
                continue
            for option, count in zip(s.options, p.counts, strict=True):
                writer.writerow([*head, _cell(option), count])
    return out.getvalue()


def as_json(series: list[Series]) -> list[dict[str, Any]]:
    return [
        {
            "key": s.key,
            "kind": s.kind,
            "text": s.text,
            "options": list(s.options),
            "points": [
                {"session": p.session, "card": p.card, "answered": p.answered, "counts": list(p.counts)}
                for p in s.points
            ],
        }
        for s in series
    ]


def _fills(s: Series) -> tuple[str, ...]:
    return AGREE_FILLS if s.kind == "agree" else CATEGORY_FILLS


WIDTH, LABEL, BAR, ROW, PAD = 380, 44, 270, 24, 8


def svg_chart(s: Series) -> str:
    """One stacked bar per time the prompt was asked (a session), shares of each answer."""
    fills = _fills(s)
    rows = len(s.points)
    legend_top = PAD + rows * ROW + 6
    legend_rows = 1 if s.kind == "text" else len(s.options)
    height = legend_top + legend_rows * 18 + PAD
    title = f"{s.text} — answers per session"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fb-chart" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
    ]
    top = max((p.answered for p in s.points), default=1) or 1
    for row, p in enumerate(s.points):
        y = PAD + row * ROW
        parts.append(_text(4, y + 15, f"S{p.session}"))
        x = float(LABEL)
        if s.kind == "text":
            w = BAR * p.answered / top
            parts.append(_rect(x, y, w, fills[0], f"Session {p.session}: {p.answered} written answers"))
        else:
            for i, count in enumerate(p.counts):
                w = BAR * count / p.answered if p.answered else 0.0
                if w > 0:
                    label = f"Session {p.session}: {s.options[i]} — {count} of {p.answered}"
                    parts.append(_rect(x, y, w, fills[i % len(fills)], label))
                x += w
        parts.append(_text(LABEL + BAR + 6, y + 15, f"n={p.answered}"))
    labels = [TEXT_OPTION] if s.kind == "text" else list(s.options)
    for i, option in enumerate(labels):
        y = legend_top + i * 18
        parts.append(f'<rect x="{LABEL}" y="{y}" width="12" height="12" fill="{fills[i % len(fills)]}"/>')
        parts.append(_text(LABEL + 18, y + 11, option))
    parts.append("</svg>")
    return "".join(parts)


def _rect(x: float, y: int, w: float, fill: str, label: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{ROW - 6}" fill="{fill}">'
        f"<title>{escape(label)}</title></rect>"
    )


def _text(x: float, y: int, text: str) -> str:
    return f'<text x="{x}" y="{y}" font-size="12" font-family="sans-serif" fill="#333">{escape(text)}</text>'
