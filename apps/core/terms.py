"""Handling terms, counted the way the Algemene termijnenwet (Atw) counts them.

A term set by a statute that ends on a Saturday, a Sunday or an algemeen erkende
feestdag runs on to the next day that is none of these (Atw art. 1 lid 1), and a
term of three days or more includes at least two such days (Atw art. 2). The Atw
leaves terms counted backwards alone (art. 1 lid 2), and it only covers terms set
by a statute, so agreed terms do not move either.

Every `Term` says what it counts from and, when it moved, why: a date the portal
shows without that is a date nobody can check.

    statutory_term(decision_received, months=1, basis=_("the day ... received the decision"))
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

Label = str | Promise

SATURDAY = 5
SUNDAY = 6

NEW_YEARS_DAY = _("New Year's Day")
GOOD_FRIDAY = _("Good Friday")
EASTER_MONDAY = _("Easter Monday")
KINGS_DAY = _("King's Day")
FIFTH_OF_MAY = _("5 May")
ASCENSION_DAY = _("Ascension Day")
WHIT_MONDAY = _("Whit Monday")
CHRISTMAS_DAY = _("Christmas Day")
SECOND_DAY_OF_CHRISTMAS = _("Second Day of Christmas")
ROYAL_DECREE_DAY = _("day added by royal decree")

EXTRA_HOLIDAYS_SETTING = "PORTAL_EXTRA_HOLIDAYS"


def _dmy(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _kings_day(year: int) -> date:
    """27 April, or Saturday 26 April when the 27th is a Sunday (the rule since 2014)."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == SUNDAY else day


def _statutory_feestdagen(year: int) -> dict[date, Label]:
    """Atw art. 3 lid 1 and 2; Easter Sunday and Whit Sunday are Sundays anyway."""
    easter_sunday = easter(year)
    return {
        date(year, 1, 1): NEW_YEARS_DAY,
        easter_sunday - timedelta(days=2): GOOD_FRIDAY,
        easter_sunday + timedelta(days=1): EASTER_MONDAY,
        _kings_day(year): KINGS_DAY,
        # Every year for the Atw, not only in lustrum years as in many CAOs.
        date(year, 5, 5): FIFTH_OF_MAY,
        easter_sunday + timedelta(days=39): ASCENSION_DAY,
        easter_sunday + timedelta(days=50): WHIT_MONDAY,
        date(year, 12, 25): CHRISTMAS_DAY,
        date(year, 12, 26): SECOND_DAY_OF_CHRISTMAS,
    }


def _parse_extra_holiday(value: object) -> date:
    if isinstance(value, datetime):
        raise ImproperlyConfigured(f"{EXTRA_HOLIDAYS_SETTING} lists dates, not moments: {value!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ImproperlyConfigured(f"{EXTRA_HOLIDAYS_SETTING} lists ISO dates (YYYY-MM-DD), not {value!r}")


def extra_holidays() -> set[date]:
    """The days a royal decree set equal to a feestdag (Atw art. 3 lid 3), from the settings.

    A malformed entry raises ImproperlyConfigured: skipping it would quietly shorten a legal term.
    """
    configured: object = getattr(settings, EXTRA_HOLIDAYS_SETTING, None) or []
    if isinstance(configured, str | date) or not isinstance(configured, Iterable):
        raise ImproperlyConfigured(f"{EXTRA_HOLIDAYS_SETTING} must be a list of ISO dates")
    return {_parse_extra_holiday(value) for value in configured}


def feestdagen(year: int) -> dict[date, Label]:
    """The algemeen erkende feestdagen of Atw art. 3 in `year`, with the days decreed equal to them."""
    days: dict[date, Label] = {day: ROYAL_DECREE_DAY for day in sorted(extra_holidays()) if day.year == year}
    days.update(_statutory_feestdagen(year))
    return dict(sorted(days.items()))


def feestdag(day: date) -> Label | None:
    """The name of the feestdag on `day`, or None."""
    return feestdagen(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Not a Saturday, a Sunday or a feestdag: a day on which an Atw term can end."""
    return day.weekday() not in (SATURDAY, SUNDAY) and feestdag(day) is None


def _why_not_a_working_day(day: date) -> str:
    name = feestdag(day)
    if name is not None:
        return gettext("%(date)s is a public holiday (%(name)s)") % {"date": _dmy(day), "name": name}
    if day.weekday() == SATURDAY:
        return gettext("%(date)s is a Saturday") % {"date": _dmy(day)}
    return gettext("%(date)s is a Sunday") % {"date": _dmy(day)}


@dataclass(frozen=True)
class Term:
    """A term: the day it counts from and why, the day it ends and, when that moved, why."""

    starts_from: date
    basis: Label
    nominal_end: date
    end: date
    moved_because: str | None = None

    def __post_init__(self) -> None:
        if self.moved != bool(self.moved_because):
            raise ValueError("A term says why it moved exactly when it moved.")

    @property
    def moved(self) -> bool:
        return self.end != self.nominal_end

    def in_time(self, day: date) -> bool:
        """Whether an act on `day` is within the term (the end day itself included)."""
        return day <= self.end


def _delta(months: int, weeks: int, days: int) -> relativedelta:
    if min(months, weeks, days) < 0:
        raise ValueError("A term counts months, weeks and days as zero or more.")
    return relativedelta(months=months, weeks=weeks, days=days)


def _check_day(starts_from: date) -> None:
    if isinstance(starts_from, datetime):
        raise TypeError("A term counts from a day: pass a date (timezone.localdate(moment)).")


def _days(after: date, up_to: date) -> Iterator[date]:
    """The days after `after` up to and including `up_to`."""
    day = after + timedelta(days=1)
    while day <= up_to:
        yield day
        day += timedelta(days=1)


def _next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _extend_to_two_working_days(starts_from: date, end: date) -> date:
    """Atw art. 2: a term of three days or more includes at least two working days."""
    working = sum(1 for day in _days(starts_from, end) if is_working_day(day))
    while working < 2:
        end = _next_working_day(end + timedelta(days=1))
        working += 1
    return end


def _art_1_reason(nominal_end: date, end: date) -> str:
    """The nominal end day, and the feestdagen after it that pushed the term on."""
    reasons = [_why_not_a_working_day(nominal_end)]
    reasons += [_why_not_a_working_day(day) for day in _days(nominal_end, end) if feestdag(day)]
    return ", ".join(reasons)


def _art_2_reason(starts_from: date, art_1_end: date) -> str:
    return gettext(
        "from %(start)s to %(end)s the term includes fewer than two working days, "
        "and a term of three days or more must include two (Algemene termijnenwet art. 2)"
    ) % {"start": _dmy(starts_from), "end": _dmy(art_1_end)}


def statutory_term(
    starts_from: date, *, months: int = 0, weeks: int = 0, days: int = 0, basis: Label
) -> Term:
    """A term set by a statute, counted from the day after `starts_from` and extended by the Atw.

    "Within one month after day X" ends on the same date a month later, or on the last
    day of that month when the date does not exist (31 January: 28 or 29 February).
    """
    _check_day(starts_from)
    nominal_end = starts_from + _delta(months, weeks, days)
    end = _next_working_day(nominal_end)
    reasons = [_art_1_reason(nominal_end, end)] if end != nominal_end else []
    if (nominal_end - starts_from).days >= 3:
        art_2_end = _extend_to_two_working_days(starts_from, end)
        if art_2_end != end:
            reasons.append(_art_2_reason(starts_from, end))
            end = art_2_end
    return Term(starts_from, basis, nominal_end, end, "; ".join(reasons) or None)


def agreed_term(starts_from: date, *, months: int = 0, weeks: int = 0, days: int = 0, basis: Label) -> Term:
    """A term the parties agreed on: the Atw covers only terms set by a statute, so it never moves."""
    _check_day(starts_from)
    end = starts_from + _delta(months, weeks, days)
    return Term(starts_from, basis, end, end)


def backward_term(starts_from: date, *, months: int = 0, weeks: int = 0, days: int = 0, basis: Label) -> Term:
    """A term counted back from an event ("at least 7 days before the meeting").

    The Atw does not move it (art. 1 lid 2): `end` is the last day to act, even on a weekend.
    """
    _check_day(starts_from)
    end = starts_from - _delta(months, weeks, days)
    return Term(starts_from, basis, end, end)
