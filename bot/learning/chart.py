"""The digest's picture: questions per day, answered / clarified / escalated, as PNG bytes.

matplotlib (Agg backend, object API, no pyplot: no global state, safe in a worker thread) because
its bundled DejaVu Sans draws Kyrgyz and Russian letters (ң ө ү) on any machine, with no system
fonts or libraries. It is heavy, so it is imported here, inside the function: the bot starts without
paying for it, and only the weekly digest does. Measured on the 2-core dev machine: +173 MB in the
virtualenv (numpy 73, matplotlib 35, fontTools 30, Pillow 23, the rest 12), 1.5-2.1 s to import,
0.2-1.2 s per chart, +68 MiB peak memory. Pillow alone would cost 23 MB, 0.04 s and 0.06 s, but its
built-in font has no Cyrillic glyphs, so it would need a font file the project ships itself.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from bot.learning.digest import DigestData

Translate = Callable[..., str]

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.5, 100  # 800 x 450 px: readable in a Telegram photo preview
COLOURS = ("#2e7d32", "#f9a825", "#c62828")  # answered green, clarified amber, escalated red


def digest_chart(data: DigestData, lang: str, t: Translate) -> bytes:
    """A stacked bar per day (answered, clarified, escalated), with a legend and axis labels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    days = [d.day.strftime("%d.%m") for d in data.days]
    series = [
        (t(lang, "digest.chart_answered"), [d.answered for d in data.days]),
        (t(lang, "digest.chart_clarified"), [d.clarified for d in data.days]),
        (t(lang, "digest.chart_escalated"), [d.escalated for d in data.days]),
    ]
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bottom = [0] * len(days)
    for (label, values), colour in zip(series, COLOURS, strict=True):
        axes.bar(days, values, bottom=bottom, label=label, color=colour, width=0.7)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_title(t(lang, "digest.chart_title", start=_day(data), end=_day(data, last=True)))
    axes.set_xlabel(t(lang, "digest.chart_day"))
    axes.set_ylabel(t(lang, "digest.chart_count"))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole questions, never 2.5
    axes.set_ylim(0, max([*bottom, 1]) * 1.15)
    axes.legend(loc="upper left", frameon=False, ncols=3)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _day(data: DigestData, last: bool = False) -> str:
    return (data.end if last else data.start).strftime("%d.%m.%Y")
