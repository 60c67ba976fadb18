"""Leverage month by month: the balance of claims between actors over time.

Kept apart from :mod:`powermap.graph.views.analytics` (and free of NetworkX) so that
the profile and timeline views, which weigh their own claims, import nothing heavy;
:func:`~powermap.graph.views.analytics.leverage_balance` weighs an actor graph with
the same :func:`month_balance`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MonthBalance", "month_balance", "monthly", "months_between"]


@dataclass(frozen=True)
class MonthBalance:
    """Leverage between ``a`` and ``b`` in one month: claim edges each way, and the net."""

    month: str
    a_over_b: int
    b_over_a: int

    @property
    def net(self) -> int:
        """Claims of ``a`` over ``b`` minus claims of ``b`` over ``a``."""
        return self.a_over_b - self.b_over_a


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), both included.

    Examples
    --------
    >>> months_between("2025-11", "2026-02")
    ['2025-11', '2025-12', '2026-01', '2026-02']
    """
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_balance(
    pairs: Iterable[tuple[str, str, str | None]], a: str, b: str | None = None
) -> list[MonthBalance]:
    """The body of :func:`~powermap.graph.views.analytics.leverage_balance`: the months of
    (stronger, weaker, date) per claim edge.

    Examples
    --------
    >>> edges = [("a", "b", "2026-01-05"), ("b", "a", "2026-02-01"), ("a", "c", None)]
    >>> [(m.month, m.net) for m in month_balance(edges, "a")]
    [('2026-01', 1), ('2026-02', -1)]
    """
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for stronger, weaker, when in pairs:
        if not when:
            continue
        if stronger == a and (b is None or weaker == b):
            counts[str(when)[:7]][0] += 1
        elif weaker == a and (b is None or stronger == b):
            counts[str(when)[:7]][1] += 1
    return monthly({m: (over, under) for m, (over, under) in counts.items()})


def monthly(counts: dict[str, tuple[int, int]]) -> list[MonthBalance]:
    """The balance of :func:`month_balance` from its counts, (a over b, b over a) per month
    (``YYYY-MM``): every month from the first counted to the last, empty ones at zero.

    Examples
    --------
    >>> [(m.month, m.net) for m in monthly({"2026-03": (2, 0), "2026-01": (0, 1)})]
    [('2026-01', -1), ('2026-02', 0), ('2026-03', 2)]
    """
    if not counts:
        return []
    months = months_between(min(counts), max(counts))
    return [MonthBalance(m, *counts[m]) if m in counts else MonthBalance(m, 0, 0) for m in months]
