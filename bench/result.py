"""What a benchmark reports: figures with their baselines and goals, and notes on where time goes."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    what: str
    value: str
    baseline: str = ""
    ratio: str = ""
    goal: str = ""
    met: bool | None = None

    @property
    def verdict(self) -> str:
        return {True: "yes", False: "**no**", None: ""}[self.met]


@dataclass
class Result:
    title: str
    setup: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, *figures: Figure) -> None:
        self.figures.extend(figures)

    def note(self, text: str) -> None:
        self.notes.append(text)


def rate(value: float) -> str:
    return f"{value:,.0f}/s"


def ratio(ours: float, baseline: float) -> str:
    if not baseline:
        return "n/a"
    share = ours / baseline
    return f"{share:.2f}" if share >= 0.01 else f"{share:.2g}"
