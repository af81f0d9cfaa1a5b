"""The anonymised figures of one counsellor for a year or a quarter.

Three tables, each suppressed on its own (see suppression.py): per category, per
period (quarters of a year, months of a quarter) and per department. Departments
are listed by name only when they reach the threshold; the others are counted
together, as are reports whose department is unknown. Cells are stored by key,
not by label, so a published report reads in the viewer's language.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from . import conf
from .models import AnnualReport, Category, ReportTally
from .suppression import Shown, Table, suppress

OTHER_DEPARTMENTS = "__other__"
UNKNOWN_DEPARTMENT = "__unknown__"
TOTAL = "__total__"
PROTECTED_MARK = "x"  # hidden so that no small count can be derived
QUARTER_LABELS = {1: _("Q1"), 2: _("Q2"), 3: _("Q3"), 4: _("Q4")}
TABLE_TITLES = {
    "category": _("Reports per category"),
    "period": _("Reports per period"),
    "department": _("Reports per department"),
}


def months_of(quarter: int) -> list[int]:
    if quarter == AnnualReport.WHOLE_YEAR:
        return list(range(1, 13))
    return list(range(3 * quarter - 2, 3 * quarter + 1))


def _quarter(month: int) -> int:
    return (month - 1) // 3 + 1


Row = tuple[int, str, str | None]  # month, category, department name


def compute(report: AnnualReport) -> dict[str, Any]:
    """The suppressed tables of `report`, as JSON-ready data."""
    threshold = conf.figures_threshold()
    rows: list[Row] = list(
        ReportTally.objects.filter(
            counsellor=report.counsellor_id, year=report.year, month__in=months_of(report.quarter)
        ).values_list("month", "category", "department__name")
    )
    tables = {
        "category": _category_table(rows, threshold),
        "period": _period_table(rows, report.quarter, threshold),
        "department": _department_table(rows, threshold),
    }
    return {"threshold": threshold, "tables": {name: table.as_dict() for name, table in tables.items()}}


def _category_table(rows: Sequence[Row], threshold: int) -> Table:
    counts = Counter(category for _, category, _ in rows)
    return suppress([(value, counts[value]) for value in Category.values], TOTAL, threshold)


def _period_table(rows: Sequence[Row], quarter: int, threshold: int) -> Table:
    if quarter == AnnualReport.WHOLE_YEAR:
        counts = Counter(_quarter(month) for month, _, _ in rows)
        return suppress([(f"q{q}", counts[q]) for q in range(1, 5)], TOTAL, threshold)
    counts = Counter(month for month, _, _ in rows)
    return suppress([(f"m{m}", counts[m]) for m in months_of(quarter)], TOTAL, threshold)


def _department_table(rows: Sequence[Row], threshold: int) -> Table:
    unknown = sum(1 for _, _, department in rows if department is None)
    counts = Counter(department for _, _, department in rows if department is not None)
    named = sorted(name for name, count in counts.items() if count >= threshold)
    others = sum(count for count in counts.values() if count < threshold)
    parts = [(name, counts[name]) for name in named]
    parts += [(OTHER_DEPARTMENTS, others), (UNKNOWN_DEPARTMENT, unknown)]
    return suppress(parts, TOTAL, threshold)


def label(table: str, key: str) -> Any:
    """The reader's label for a cell key."""
    special = {
        TOTAL: _("Total"),
        OTHER_DEPARTMENTS: _("Other departments"),
        UNKNOWN_DEPARTMENT: _("Department not known"),
    }
    if key in special:
        return special[key]
    if table == "category":
        return Category(key).label
    if table == "period":
        return QUARTER_LABELS[int(key[1:])] if key.startswith("q") else MONTHS[int(key[1:])]
    return key


@dataclass(frozen=True)
class DisplayTable:
    name: str
    title: Any
    rows: list[tuple[Any, str]]
    total: str
    withheld: bool


def _shown(cell: dict[str, Any], threshold: int) -> str:
    if cell["shown"] == Shown.BELOW.value:
        return f"< {threshold}"
    if cell["shown"] == Shown.PROTECTED.value:
        return PROTECTED_MARK
    return str(cell["value"])


def display(data: dict[str, Any]) -> list[DisplayTable]:
    """The stored figures as the reader sees them, in the reader's language."""
    threshold = int(data["threshold"])
    tables = []
    for name in TABLE_TITLES:  # a fixed order: PostgreSQL's jsonb does not keep key order
        table = data["tables"][name]
        rows = [(label(name, cell["label"]), _shown(cell, threshold)) for cell in table["cells"]]
        total = _shown(table["total"], threshold)
        tables.append(DisplayTable(name, TABLE_TITLES[name], rows, total, bool(table["withheld"])))
    return tables
