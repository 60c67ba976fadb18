"""What a view looks at: one :class:`Filters` value, built once and passed to every view.

Kept free of heavy imports (no rdflib, no store) so that the CLI can build it
while parsing options; :func:`powermap.graph.views.network.narrow` applies it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from powermap.graph.errors import ViewError

__all__ = ["DateLike", "Filters", "date_bound"]

DateLike = str | date
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


@dataclass(frozen=True)
class Filters:
    """Which analyses and claims a view looks at; the default looks at everything.

    Parameters
    ----------
    lens, topic : only analyses with this lens or topic (any spelling of a
        label in the store: case and punctuation are ignored).
    mechanism : only claims through this mechanism, or through any mechanism
        of this family of the taxonomy ("economic coercion").
    since, until : only analyses published in this range, both ends included
        (``2026``, ``2026-07`` or ``2026-07-02``); undated analyses drop out.
    stated_only : leave out claims inferred from the discourse around a
        sentence (``basis`` "inferred"), keeping those the sentence states;
        their analyses stay.

    Examples
    --------
    >>> Filters().active
    False
    >>> Filters(lens="Global Power Plays", since="2026-06").active
    True
    """

    lens: str | None = None
    topic: str | None = None
    mechanism: str | None = None
    since: DateLike | None = None
    until: DateLike | None = None
    stated_only: bool = False

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any(
            (self.lens, self.topic, self.mechanism, self.since, self.until, self.stated_only)
        )


def date_bound(value: DateLike | None, *, end: bool, option: str) -> str | None:
    """An ISO date from ``2026``, ``2026-07`` or ``2026-07-02``: the period's first day, or last.

    >>> date_bound("2026-02", end=True, option="until")
    '2026-02-28'
    >>> date_bound("2026", end=False, option="since")
    '2026-01-01'
    """
    if value is None or isinstance(value, date):
        return value.isoformat() if value is not None else None
    match = _PARTIAL_DATE.match(value.strip())
    try:
        if match is None:
            raise ValueError(value)
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is None:
            return date(year, 12 if end else 1, 31 if end else 1).isoformat()
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last if end else 1).isoformat()
        return date(year, month, day).isoformat()
    except ValueError:
        raise ViewError(
            f"{option}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None
