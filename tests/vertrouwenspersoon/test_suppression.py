"""No published figure, total or difference of published figures reveals a count
below the threshold.

The check is independent of the suppression code: for each published table it
enumerates what a reader can know. Every hidden cell lies in its public range
("< threshold": 0..threshold-1; "x": threshold..total), visible cells and the total
are exact, and the parts add up to the total. A count below the threshold is
revealed when only one value of it fits. The tables of one report share only their
total, so checking them one by one covers the differences between them too.
"""

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.vertrouwenspersoon.suppression import Shown, Table, suppress

THRESHOLDS = st.integers(min_value=2, max_value=6)
COUNTS = st.lists(st.integers(min_value=0, max_value=25), min_size=1, max_size=7)


def reachable_sums(ranges: tuple[tuple[int, int], ...], limit: int) -> frozenset[int]:
    """Every sum the hidden cells with these ranges can take, up to limit (brute force)."""

    @cache
    def sums(i: int) -> frozenset[int]:
        if i == len(ranges):
            return frozenset({0})
        low, high = ranges[i]
        return frozenset(
            v + rest for v in range(low, min(high, limit) + 1) for rest in sums(i + 1) if v + rest <= limit
        )

    return sums(0)


def possible_values(table: Table, threshold: int, index: int) -> set[int]:
    """The values hidden cell `index` can take given everything the table publishes."""
    cells = table.cells
    if table.total.shown == Shown.BELOW:
        totals = range(threshold)
    else:
        totals = range(table.total.value, table.total.value + 1)
    possible = set()
    for total in totals:
        visible = sum(cell.value for cell in cells if cell.shown == Shown.VALUE)
        rest = total - visible
        ranges = tuple(
            (0, threshold - 1) if cell.shown == Shown.BELOW else (threshold, total)
            for i, cell in enumerate(cells)
            if i != index and cell.shown != Shown.VALUE
        )
        low, high = (0, threshold - 1) if cells[index].shown == Shown.BELOW else (threshold, total)
        others = reachable_sums(ranges, max(rest, 0))
        possible |= {v for v in range(low, min(high, rest) + 1) if rest - v in others}
    return possible


def assert_nothing_small_revealed(table: Table, threshold: int) -> None:
    if table.withheld:
        assert table.total.shown == Shown.VALUE and all(c.shown != Shown.VALUE for c in table.cells)
        return
    for i, cell in enumerate(table.cells):
        if cell.value < threshold:
            assert cell.shown == Shown.BELOW, f"count {cell.value} is shown"
            values = possible_values(table, threshold, i)
            assert cell.value in values, "the check must admit the true value"
            assert len(values) >= 2, (
                f"cell {i} ({cell.value}) can be worked out: {[c.shown for c in table.cells]}"
            )
    if table.total.value < threshold:
        assert table.total.shown == Shown.BELOW


@settings(max_examples=400, deadline=None)
@given(counts=COUNTS, threshold=THRESHOLDS)
def test_no_published_table_reveals_a_small_count(counts, threshold):
    table = suppress([(f"c{i}", n) for i, n in enumerate(counts)], "total", threshold)
    assert_nothing_small_revealed(table, threshold)


@settings(max_examples=200, deadline=None)
@given(counts=COUNTS, threshold=THRESHOLDS)
def test_published_cells_are_exact_and_consistent(counts, threshold):
    table = suppress([(f"c{i}", n) for i, n in enumerate(counts)], "total", threshold)
    assert table.total.value == sum(counts)
    for cell, count in zip(table.cells, counts, strict=True):
        assert cell.value == count
        if cell.shown == Shown.VALUE:
            assert count >= threshold


@settings(max_examples=200, deadline=None)
@given(
    months=st.lists(st.tuples(st.integers(1, 12), st.integers(0, 7), st.integers(0, 4)), max_size=40),
)
def test_a_whole_report_reveals_no_small_count(months):
    """Three tables built from the same reports; each safe, and they share only the total."""
    from apps.vertrouwenspersoon import figures

    rows = [
        (month, figures.Category.values[category], f"afd{department}" if department else None)
        for month, category, department in months
    ]
    tables = [
        figures._category_table(rows, 5),
        figures._period_table(rows, 0, 5),
        figures._department_table(rows, 5),
    ]
    totals = {table.total.value for table in tables}
    assert totals == {len(rows)}
    for table in tables:
        assert_nothing_small_revealed(table, 5)
    assert len({table.total.shown for table in tables}) == 1  # the total is hidden everywhere or nowhere


def test_a_single_small_part_is_protected_by_a_second_one():
    table = suppress([("a", 3), ("b", 10), ("c", 12)], "total", 5)
    assert [cell.shown for cell in table.cells] == [Shown.BELOW, Shown.PROTECTED, Shown.VALUE]


def test_two_zeros_are_not_enough_to_protect_each_other():
    # 0 + 0 = 25 - 10 - 15 would reveal both zeros; a larger part must be hidden too.
    table = suppress([("a", 0), ("b", 0), ("c", 10), ("d", 15)], "total", 5)
    assert table.cells[2].shown == Shown.PROTECTED


def test_a_table_that_cannot_be_protected_is_withheld():
    # 4 + 4: both hidden still gives 8 = 4 + 4.
    table = suppress([("a", 4), ("b", 4)], "total", 5)
    assert table.withheld and table.total.shown == Shown.VALUE


def test_a_total_below_the_threshold_hides_everything():
    table = suppress([("a", 1), ("b", 2)], "total", 5)
    assert table.total.shown == Shown.BELOW
    assert {cell.shown for cell in table.cells} == {Shown.BELOW}


@pytest.mark.parametrize("counts", [[0, 5], [0, 0, 5, 7]])
def test_zeros_next_to_exact_thresholds_stay_hidden(counts):
    table = suppress([(str(i), n) for i, n in enumerate(counts)], "total", 5)
    assert_nothing_small_revealed(table, 5)
