"""Charts as SVG geometry computed here and drawn by a template: no script, so the strict
Content-Security-Policy holds, and the page reads the same with scripts off."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 600, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 8, 12, 44
PALETTE = ("#3366cc", "#dc7f18", "#109618", "#990099", "#0099c6", "#b82e2e", "#6b7280")
"""Colours of the series, in order; the rest share the last."""


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


@dataclass(frozen=True)
class Legend:
    name: str
    colour: str


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    legend: tuple[Legend, ...]
    plot_left: int = LEFT
    plot_bottom: int = HEIGHT - BOTTOM
    plot_right: int = WIDTH - RIGHT

    @property
    def empty(self) -> bool:
        return not self.bars


def stacked_bars(
    title: str, unit: str, days: Sequence[date], series: Sequence[Series], shown: Callable[[float], str]
) -> Chart:
    """One bar a day, each series stacked on the ones before it; the y axis in `unit`, labelled by `shown`."""
    totals = [sum(s.values[i] for s in series) for i in range(len(days))]
    top = nice_ceiling(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(days))
    bars = []
    for i, day in enumerate(days):
        base = 0.0
        for n, s in enumerate(series):
            value = s.values[i]
            if value <= 0:
                continue
            height = value / top * plot_h
            y = TOP + plot_h - (base + value) / top * plot_h
            colour = PALETTE[min(n, len(PALETTE) - 1)]
            bars.append(
                Bar(
                    LEFT + i * slot + slot * 0.1,
                    y,
                    slot * 0.8,
                    height,
                    colour,
                    f"{day} {s.name}: {shown(value)}",
                )
            )
            base += value
    y_ticks = tuple(Tick(TOP + plot_h - k / 4 * plot_h, shown(top * k / 4)) for k in range(5))
    step = max(1, -(-len(days) // 8))
    x_ticks = tuple(
        Tick(LEFT + i * slot + slot / 2, day.strftime("%d %b")) for i, day in enumerate(days) if i % step == 0
    )
    legend = tuple(Legend(s.name, PALETTE[min(n, len(PALETTE) - 1)]) for n, s in enumerate(series))
    return Chart(title, unit, WIDTH, HEIGHT, tuple(bars), y_ticks, x_ticks, legend)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten at or above the value (1 for nothing)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if value <= step * power * (1 + 1e-9))
