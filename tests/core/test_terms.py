"""The Algemene termijnenwet: statutory terms move past weekends and feestdagen, others do not."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from apps.core.terms import (
    ASCENSION_DAY,
    CHRISTMAS_DAY,
    EASTER_MONDAY,
    FIFTH_OF_MAY,
    GOOD_FRIDAY,
    KINGS_DAY,
    NEW_YEARS_DAY,
    SECOND_DAY_OF_CHRISTMAS,
    WHIT_MONDAY,
    Term,
    agreed_term,
    backward_term,
    feestdag,
    feestdagen,
    is_working_day,
    statutory_term,
)

RECEIVED = "the day the works council received the written decision"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def no_extra_holidays(settings):
    settings.PORTAL_EXTRA_HOLIDAYS = []


def one_month_after(day: date) -> Term:
    return statutory_term(day, months=1, basis=RECEIVED)


def dmy(day: date) -> str:
    return day.strftime("%d-%m-%Y")


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2025,
            {
                date(2025, 1, 1): NEW_YEARS_DAY,
                date(2025, 4, 18): GOOD_FRIDAY,
                date(2025, 4, 21): EASTER_MONDAY,
                date(2025, 4, 26): KINGS_DAY,
                date(2025, 5, 5): FIFTH_OF_MAY,
                date(2025, 5, 29): ASCENSION_DAY,
                date(2025, 6, 9): WHIT_MONDAY,
                date(2025, 12, 25): CHRISTMAS_DAY,
                date(2025, 12, 26): SECOND_DAY_OF_CHRISTMAS,
            },
        ),
        (
            2026,
            {
                date(2026, 1, 1): NEW_YEARS_DAY,
                date(2026, 4, 3): GOOD_FRIDAY,
                date(2026, 4, 6): EASTER_MONDAY,
                date(2026, 4, 27): KINGS_DAY,
                date(2026, 5, 5): FIFTH_OF_MAY,
                date(2026, 5, 14): ASCENSION_DAY,
                date(2026, 5, 25): WHIT_MONDAY,
                date(2026, 12, 25): CHRISTMAS_DAY,
                date(2026, 12, 26): SECOND_DAY_OF_CHRISTMAS,
            },
        ),
        (
            2027,
            {
                date(2027, 1, 1): NEW_YEARS_DAY,
                date(2027, 3, 26): GOOD_FRIDAY,
                date(2027, 3, 29): EASTER_MONDAY,
                date(2027, 4, 27): KINGS_DAY,
                date(2027, 5, 5): FIFTH_OF_MAY,
                date(2027, 5, 6): ASCENSION_DAY,
                date(2027, 5, 17): WHIT_MONDAY,
                date(2027, 12, 25): CHRISTMAS_DAY,
                date(2027, 12, 26): SECOND_DAY_OF_CHRISTMAS,
            },
        ),
    ],
)
def test_the_feestdagen_are_exactly_those_of_atw_art_3(year, expected):
    assert feestdagen(year) == expected


def test_the_feestdagen_have_readable_names():
    assert [str(name) for name in feestdagen(2026).values()] == [
        "New Year's Day",
        "Good Friday",
        "Easter Monday",
        "King's Day",
        "5 May",
        "Ascension Day",
        "Whit Monday",
        "Christmas Day",
        "Second Day of Christmas",
    ]


def test_an_appeal_term_ending_on_a_saturday_runs_to_monday():
    term = one_month_after(date(2025, 12, 31))
    assert term.nominal_end == date(2026, 1, 31)
    assert term.end == date(2026, 2, 2)
    assert term.moved
    assert term.moved_because == "31-01-2026 is a Saturday"


def test_an_appeal_recorded_on_that_monday_is_in_time_and_one_on_tuesday_is_not():
    term = one_month_after(date(2025, 12, 31))
    assert term.in_time(date(2026, 2, 2))
    assert not term.in_time(date(2026, 2, 3))


def test_the_term_says_what_it_counts_from():
    term = one_month_after(date(2025, 12, 31))
    assert term.starts_from == date(2025, 12, 31)
    assert term.basis == RECEIVED


def test_a_term_ending_on_christmas_day_runs_past_both_kerstdagen_and_the_weekend():
    term = one_month_after(date(2025, 11, 25))
    assert term.end == date(2025, 12, 29)
    assert term.moved_because == (
        "25-12-2025 is a public holiday (Christmas Day), "
        "26-12-2025 is a public holiday (Second Day of Christmas)"
    )


def test_a_term_ending_on_5_may_of_a_non_lustrum_year_moves():
    term = one_month_after(date(2026, 4, 5))
    assert term.nominal_end == date(2026, 5, 5)
    assert term.end == date(2026, 5, 6)
    assert term.moved_because == "05-05-2026 is a public holiday (5 May)"


def test_5_may_2027_runs_on_past_ascension_day_the_day_after():
    term = one_month_after(date(2027, 4, 5))
    assert term.end == date(2027, 5, 7)
    assert term.moved_because == (
        "05-05-2027 is a public holiday (5 May), 06-05-2027 is a public holiday (Ascension Day)"
    )


def test_a_term_ending_on_good_friday_runs_past_easter_monday_to_tuesday():
    term = one_month_after(date(2026, 3, 3))
    assert term.nominal_end == date(2026, 4, 3)
    assert term.end == date(2026, 4, 7)
    assert term.moved_because == (
        "03-04-2026 is a public holiday (Good Friday), 06-04-2026 is a public holiday (Easter Monday)"
    )


def test_kings_day_is_26_april_when_27_april_is_a_sunday():
    assert feestdag(date(2025, 4, 26)) == KINGS_DAY
    assert feestdag(date(2025, 4, 27)) is None
    assert one_month_after(date(2025, 3, 26)).moved_because == "26-04-2025 is a public holiday (King's Day)"


def test_a_term_ending_on_kings_day_on_a_monday_moves_to_tuesday():
    term = one_month_after(date(2026, 3, 27))
    assert term.end == date(2026, 4, 28)
    assert term.moved_because == "27-04-2026 is a public holiday (King's Day)"


def test_one_month_after_31_january_ends_on_the_last_day_of_february_and_moves_off_a_saturday():
    term = one_month_after(date(2026, 1, 31))
    assert term.nominal_end == date(2026, 2, 28)
    assert term.end == date(2026, 3, 2)
    assert term.moved_because == "28-02-2026 is a Saturday"


def test_one_month_after_31_january_of_a_leap_year_ends_on_29_february():
    term = one_month_after(date(2028, 1, 31))
    assert term.end == term.nominal_end == date(2028, 2, 29)
    assert not term.moved
    assert term.moved_because is None


def test_a_day_added_by_royal_decree_moves_a_term(settings):
    assert not one_month_after(date(2026, 4, 15)).moved
    settings.PORTAL_EXTRA_HOLIDAYS = ["2026-05-15"]
    term = one_month_after(date(2026, 4, 15))
    assert term.end == date(2026, 5, 18)
    assert term.moved_because == "15-05-2026 is a public holiday (day added by royal decree)"
    assert not is_working_day(date(2026, 5, 15))


def test_a_day_added_by_royal_decree_belongs_to_its_own_year_only(settings):
    settings.PORTAL_EXTRA_HOLIDAYS = ["2026-05-15"]
    assert date(2026, 5, 15) in feestdagen(2026)
    assert date(2026, 5, 15) not in feestdagen(2025)


@pytest.mark.parametrize("value", [["15-05-2026"], "2026-05-15", [datetime(2026, 5, 15, 0, 0)]])  # noqa: DTZ001
def test_a_malformed_extra_holiday_setting_is_refused_rather_than_ignored(settings, value):
    settings.PORTAL_EXTRA_HOLIDAYS = value
    with pytest.raises(ImproperlyConfigured):
        one_month_after(date(2026, 4, 15))


def test_a_term_of_three_days_or_more_includes_two_working_days():
    term = statutory_term(date(2026, 1, 2), days=3, basis=RECEIVED)
    assert term.nominal_end == date(2026, 1, 5)
    assert term.end == date(2026, 1, 6)
    assert "02-01-2026" in term.moved_because
    assert "two working days" in term.moved_because


def test_a_three_day_term_from_good_friday_runs_to_wednesday():
    term = statutory_term(date(2026, 4, 3), days=3, basis=RECEIVED)
    assert term.end == date(2026, 4, 8)
    assert term.moved_because.startswith("06-04-2026 is a public holiday (Easter Monday); from 03-04-2026")


@pytest.mark.parametrize(
    ("meeting", "days", "last_day"),
    [(date(2026, 5, 12), 7, date(2026, 5, 5)), (date(2026, 2, 9), 9, date(2026, 1, 31))],
)
def test_a_term_counted_backwards_never_moves(meeting, days, last_day):
    term = backward_term(meeting, days=days, basis="the day of the meeting")
    assert term.end == term.nominal_end == last_day
    assert not term.moved
    assert term.moved_because is None


def test_an_agreed_term_never_moves():
    term = agreed_term(date(2025, 12, 31), months=1, basis="the day the request was sent")
    assert term.end == term.nominal_end == date(2026, 1, 31)
    assert not term.moved
    assert term.moved_because is None


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_every_moved_term_says_why_and_names_its_nominal_end(year):
    day = date(year, 1, 1)
    while day.year == year:
        term = one_month_after(day)
        assert is_working_day(term.end)
        assert all(
            not is_working_day(term.nominal_end + timedelta(n))
            for n in range((term.end - term.nominal_end).days)
        )
        assert term.moved == (term.moved_because is not None)
        if term.moved:
            assert term.moved_because.startswith(dmy(term.nominal_end))
        day += timedelta(days=1)


def test_saturdays_sundays_and_feestdagen_are_no_working_days():
    assert is_working_day(date(2026, 1, 7))
    assert not is_working_day(date(2026, 1, 10))
    assert not is_working_day(date(2026, 1, 11))
    assert not is_working_day(date(2026, 5, 5))


def test_a_term_counts_from_a_day_not_a_moment():
    with pytest.raises(TypeError):
        statutory_term(datetime(2025, 12, 31, 12, 0), months=1, basis=RECEIVED)  # noqa: DTZ001


def test_a_term_cannot_count_a_negative_length():
    with pytest.raises(ValueError):
        statutory_term(date(2025, 12, 31), days=-1, basis=RECEIVED)


def test_a_term_that_moved_without_a_reason_cannot_exist():
    with pytest.raises(ValueError):
        Term(date(2025, 12, 31), RECEIVED, date(2026, 1, 31), date(2026, 2, 2))
