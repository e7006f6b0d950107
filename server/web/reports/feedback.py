"""Course feedback as CSV and as small SVG charts. Pure functions over `domain.feedback_course`,
which already holds only aggregates that passed the threshold (never comments), written in the
reader's language (`Words`): headers and chart words from the server's catalog, built-in
prompts and answer labels from the browser's (the same sentences the pages show).
"""

from __future__ import annotations

import csv
import io
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ...domain import Series
from ...i18n import N_, Words

# English headers stay the identifiers they always were; other languages get words.
CSV_COLUMNS = (
    N_("prompt_key"),
    N_("prompt"),
    N_("kind"),
    N_("session"),
    N_("card"),
    N_("answers"),
    N_("option"),
    N_("count"),
)
TEXT_OPTION = N_("(written answers)")
ENGLISH = Words("en")

# Calm, colour-blind-safe-ish fills; the agreement scale runs from warm (disagree) to cool.
AGREE_FILLS = ("#b9785f", "#dcb3a0", "#cfcfc8", "#9dbdd0", "#557f9e")
CATEGORY_FILLS = ("#557f9e", "#c49a5a", "#7a9e7e", "#9a7aa8", "#b9785f", "#6f9fa8", "#a8a070", "#8a8a8a")


def cell(value: str) -> str:
    """Keep spreadsheets from running text as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def prompt_text(s: Series, words: Words) -> str:
    """A built-in prompt nobody edited in the reader's language; else as written."""
    return words.builtin(f"library.{s.source}", s.text) if s.builtin else s.text


def option_labels(s: Series, words: Words) -> list[str]:
    """Answer labels: the scales are always built in; a built-in choice prompt's own too."""
    if s.kind in ("agree", "yesno"):
        return [words.builtin(f"answers.{s.kind}.{i}", o) for i, o in enumerate(s.options)]
    if s.builtin:
        return [words.builtin(f"library.{s.source}.option.{i}", o) for i, o in enumerate(s.options)]
    return list(s.options)


def csv_text(series: list[Series], words: Words = ENGLISH) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([words(column) for column in CSV_COLUMNS])
    for s in series:
        for p in s.points:
            head = [s.key, cell(prompt_text(s, words)), s.kind, p.session, p.card, p.answered]
            if s.kind == "text":
                writer.writerow([*head, words(TEXT_OPTION), p.answered])
                continue
            for option, count in zip(option_labels(s, words), p.counts, strict=True):
                writer.writerow([*head, cell(option), count])
    return out.getvalue()


def as_json(series: list[Series]) -> list[dict[str, Any]]:
    return [
        {
            "key": s.key,
            "kind": s.kind,
            "text": s.text,
            "options": list(s.options),
            "source": s.source,
            "builtin": s.builtin,
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


def svg_chart(s: Series, words: Words = ENGLISH) -> str:
    """One stacked bar per time the prompt was asked (a session), shares of each answer."""
    _ = words
    fills = _fills(s)
    options = option_labels(s, words)
    rows = len(s.points)
    legend_top = PAD + rows * ROW + 6
    legend_rows = 1 if s.kind == "text" else len(options)
    height = legend_top + legend_rows * 18 + PAD
    title = _("{prompt} — answers per session", prompt=prompt_text(s, words))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fb-chart" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
    ]
    top = max((p.answered for p in s.points), default=1) or 1
    for row, p in enumerate(s.points):
        y = PAD + row * ROW
        parts.append(_text(4, y + 15, _("S{n}", n=p.session)))
        x = float(LABEL)
        if s.kind == "text":
            w = BAR * p.answered / top
            label = _("Session {session}: {n} written answers", session=p.session, n=p.answered)
            parts.append(_rect(x, y, w, fills[0], label))
        else:
            for i, count in enumerate(p.counts):
                w = BAR * count / p.answered if p.answered else 0.0
                if w > 0:
                    label = _(
                        "Session {session}: {option} — {count} of {n}",
                        session=p.session,
                        option=options[i],
                        count=count,
                        n=p.answered,
                    )
                    parts.append(_rect(x, y, w, fills[i % len(fills)], label))
                x += w
        parts.append(_text(LABEL + BAR + 6, y + 15, _("n={n}", n=p.answered)))
    labels = [_(TEXT_OPTION)] if s.kind == "text" else options
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
