"""Small-number suppression for the published figures, with complementary cells.

A published table is one relation: its parts add up to its total. A part below the
threshold is hidden as "< threshold" (a primary cell). Hiding it alone is not
enough: the total minus the visible parts would give it away. So more parts are
hidden (secondary cells, shown as hidden to protect others) until every primary
cell can take at least two values given everything published. When that cannot be
reached, the breakdown is withheld and only the total is shown. A total below the
threshold hides the whole table.

The tables of one report share only their total, so each is safe on its own; the
reports of one counsellor never overlap in time (see services_figures).

What a reader knows of a hidden part: a primary cell lies in [0, threshold - 1];
a secondary cell lies in [threshold, total]. The hidden parts add up to
R = total - (sum of visible parts). Primary cell x is then determined iff the other
hidden parts' possible sums [lo, hi] leave one value of x with R - x in [lo, hi].
"""

from dataclasses import dataclass
from enum import Enum


class Shown(Enum):
    VALUE = "value"
    BELOW = "below"  # a count below the threshold
    PROTECTED = "protected"  # hidden so that no count below the threshold can be derived


@dataclass(frozen=True)
class Cell:
    label: str
    value: int
    shown: Shown

    def as_dict(self) -> dict[str, object]:
        return {
            "label": self.label,
            "value": self.value if self.shown == Shown.VALUE else None,
            "shown": self.shown.value,
        }


@dataclass(frozen=True)
class Table:
    cells: tuple[Cell, ...]
    total: Cell
    withheld: bool  # the breakdown could not be published safely

    def as_dict(self) -> dict[str, object]:
        return {
            "cells": [] if self.withheld else [cell.as_dict() for cell in self.cells],
            "total": self.total.as_dict(),
            "withheld": self.withheld,
        }


def feasible_values(
    index: int, values: list[int], hidden: dict[int, Shown], total: int, threshold: int
) -> range:
    """The values hidden primary cell `index` can take given what is published."""
    visible = sum(value for i, value in enumerate(values) if i not in hidden)
    rest = total - visible
    others = [shown for i, shown in hidden.items() if i != index]
    primaries = sum(1 for shown in others if shown == Shown.BELOW)
    secondaries = len(others) - primaries
    low = secondaries * threshold
    high = primaries * (threshold - 1) + secondaries * total
    return range(max(0, rest - high), min(threshold - 1, rest - low) + 1)


def _is_safe(values: list[int], hidden: dict[int, Shown], total: int, threshold: int) -> bool:
    return all(
        len(feasible_values(i, values, hidden, total, threshold)) >= 2
        for i, shown in hidden.items()
        if shown == Shown.BELOW
    )


def suppress(parts: list[tuple[str, int]], total_label: str, threshold: int) -> Table:
    values = [value for _, value in parts]
    total = sum(values)
    if total < threshold:
        cells = tuple(Cell(label, value, Shown.BELOW) for label, value in parts)
        return Table(cells, Cell(total_label, total, Shown.BELOW), withheld=False)
    hidden = {i: Shown.BELOW for i, value in enumerate(values) if value < threshold}
    while hidden and not _is_safe(values, hidden, total, threshold):
        visible = [i for i in range(len(values)) if i not in hidden]
        if not visible:
            return _withheld(parts, total_label, total)
        hidden[min(visible, key=lambda i: (values[i], i))] = Shown.PROTECTED
    cells = tuple(Cell(label, value, hidden.get(i, Shown.VALUE)) for i, (label, value) in enumerate(parts))
    return Table(cells, Cell(total_label, total, Shown.VALUE), withheld=False)


def _withheld(parts: list[tuple[str, int]], total_label: str, total: int) -> Table:
    cells = tuple(Cell(label, value, Shown.PROTECTED) for label, value in parts)
    return Table(cells, Cell(total_label, total, Shown.VALUE), withheld=True)
