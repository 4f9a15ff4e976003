"""What a report page is made of, in the page's language: its facts, headline tables, conclusions and sections
(charts, tables, notes). The kinds of file fill a Page (_report_kinds.py); the template (_report.html.jinja) lays it
out. Every word comes from the table of strings (_report_strings.py) through Language.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from ._report_strings import LANGUAGES, STRINGS, text

MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"],
          "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"]}
# How an outcome's name ends, and the unit that ending gives it.
OUTCOME_UNITS = (("_households", "households"), ("_persons", "persons"), ("_share", "share"), ("_eur", "euros"))
# How an outcome's name starts when it is a state at a moment: the moment's string.
OUTCOME_MOMENTS = (("follow_up_end_", "moment.follow_up_end"), ("month_12_", "moment.month_12"))


class Language:
    """Words, numbers and dates in one language: `t(key)` a string of the table, `number` and `day` formatted as
    the language writes them (French: 1 234,5 and 14 juin 2019), and the names of outcomes, columns and resources."""

    def __init__(self, code: str):
        if code not in LANGUAGES:
            raise ValueError(f"--lang {code}: expected one of {', '.join(LANGUAGES)}")
        self.code = code

    def t(self, key: str, **values: Any) -> str:
        return text(key, self.code, **values)

    def number(self, value: Optional[float], decimals: int = 0) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return "–"
        written = f"{value:,.{decimals}f}"
        if self.code == "fr":
            written = written.replace(",", "\u202f").replace(".", ",")
        return written.replace("-", "−")

    def day(self, value: Union[str, datetime.date, pd.Timestamp]) -> str:
        """A date as the language writes it: "1 January 2024", "1er janvier 2024" (French ordinal first day)."""
        date = pd.Timestamp(value)
        day = "1er" if self.code == "fr" and date.day == 1 else str(date.day)
        return f"{day} {MONTHS[self.code][date.month - 1]} {date.year}"

    def period(self, first: Any, last: Any) -> str:
        return self.t("period.value", first=self.day(first), last=self.day(last))

    def outcome(self, key: str) -> str:
        """A headline outcome's name as a reader says it: `moved_households` → "moved (households)",
        `month_12_employed_share` → "at 12 months: in work (share)". KeyError for an outcome the table lacks."""
        if f"outcome.{key}" in STRINGS:
            return self.t(f"outcome.{key}")
        stem, unit = key, ""
        for ending, name in OUTCOME_UNITS:
            if key.endswith(ending):
                stem, unit = key[: -len(ending)], name
                break
        moment = ""
        for beginning, name in OUTCOME_MOMENTS:
            if stem.startswith(beginning):
                stem, moment = stem[len(beginning):], self.t(name) + " "
        what = self.t(f"state.{stem}") if moment else self.t(f"flow.{stem}")
        return f"{moment}{what} ({self.t('unit.' + unit)})" if unit else moment + what

    def column(self, name: str) -> str:
        """A results table's column as the page heads it. KeyError for a column the table of strings lacks."""
        return self.t(f"column.{name}")

    def resource(self, resource: str, territory_name: str) -> str:
        """One unit of a capacity resource where it is: "a caseworker in Cantal"."""
        return self.t(f"resource.{resource}", territory=territory_name)


def svg(figure: Any) -> str:
    """The figure as inline SVG, the same bytes for the same figure (fixed hash salt, no date), then closed."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(figure)
    drawn = buffer.getvalue()
    return drawn[drawn.index("<svg"):]


@dataclass
class Cell:
    """A table cell: its text, a range shown after it in brackets (the value then bold), the `data-key` naming
    the file's value it shows (for readers and tests), and whether it is words (aligned left) rather than a number."""

    value: str
    range: str = ""
    key: str = ""
    words: bool = False


@dataclass
class Table:
    header: List[str]
    rows: List[List[Cell]]
    title: str = ""


@dataclass
class Section:
    """A chart (its SVG), a table, or a note, in the page's order."""

    kind: str  # "chart" | "table" | "note"
    title: str = ""
    note: str = ""
    svg: str = ""
    table: Optional[Table] = None


@dataclass
class Page:
    """What the template shows: facts (label, value), headline tables and their note, the conclusions, and the
    sections."""

    language: Language
    facts: List[Tuple[str, str]] = field(default_factory=list)
    headline: List[Table] = field(default_factory=list)
    headline_note: str = ""
    conclusions: List[str] = field(default_factory=list)
    sections: List[Section] = field(default_factory=list)

    @property
    def charts(self) -> int:
        return sum(section.kind == "chart" for section in self.sections)

    def chart(self, title: str, figure: Any, note: str = "") -> None:
        """Adds `figure` under the caption `title` (in the page's language; the figure's own titles give way to
        it)."""
        for ax in figure.axes:
            ax.set_title("")
        figure.suptitle("")
        self.sections.append(Section("chart", title=title, note=note, svg=svg(figure)))

    def table(self, title: str, frame: pd.DataFrame, formats: Dict[str, Callable[[Any], str]],
              verbatim: Sequence[str] = ()) -> None:
        """Adds `frame` as a table: each column headed by its name in the page's language (`verbatim` ones, such as
        scenario keys, as they are), each cell written by its column's format (str by default: words, aligned left)."""
        header = [str(column) if column in verbatim else self.language.column(str(column)) for column in frame.columns]
        rows = [[Cell(formats.get(column, str)(value), words=column not in formats) for column, value in row.items()]
                for _, row in frame.iterrows()]
        self.sections.append(Section("table", title=title, table=Table(header, rows)))

    def note(self, words: str) -> None:
        self.sections.append(Section("note", note=words))
