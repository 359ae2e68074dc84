"""Tests of layaway_pos/tools/schedule.py (no Odoo, no database): exact Decimals and dates."""

import calendar
from contextlib import contextmanager
from dataclasses import FrozenInstanceError, replace
from datetime import date
from decimal import Decimal as D

import layaway_schedule as s  # loaded by conftest.py without importing Odoo
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

PLAN = s.PlanTerms(
    installment_count=3,
    installment_min=2,
    installment_max=6,
    period="monthly",
    period_days=0,
    first_due_days=30,
    deposit_type="percent",
    deposit_value=20,
    expiry_days=0,
)
FIXED_PLAN = replace(PLAN, deposit_type="fixed", deposit_value=50)
PROPERTY = settings(max_examples=300, deadline=None, database=None)
ROUNDINGS = ["0.001", "0.01", "0.05", "0.1", "0.5", "1", "1.0", "10"]


def line(total, quantity=1, **overrides):
    """An order line's terms."""
    return s.LineTerms(total=total, quantity=quantity, **overrides)


def decimals(*values):
    """The values as Decimals."""
    return [D(v) for v in values]


def assert_exact(actual, expected):
    """Equal values written the same way (same decimals), e.g. 33.30 is not 33.3."""
    assert [str(v) for v in actual] == [str(v) for v in expected]


@contextmanager
def refused(code, **params):
    """Expect a ScheduleError of `code` whose params are exactly `params` (compared as str: 33.30 is not 33.3)."""
    with pytest.raises(s.ScheduleError) as info:
        yield info
    assert info.value.code == code
    assert {name: str(value) for name, value in info.value.params.items()} == {
        name: str(value) for name, value in params.items()
    }


# ----------------------------------------------------------------------
# Data classes and the error
# ----------------------------------------------------------------------


def test_terms_are_frozen():
    with pytest.raises(FrozenInstanceError):
        PLAN.installment_count = 4
    with pytest.raises(FrozenInstanceError):
        line(10).total = 5


def test_line_terms_defaults_are_the_plans():
    assert line(10) == s.LineTerms(10, 1, None, None, None)


def test_schedule_error_is_a_value_error():
    assert issubclass(s.ScheduleError, ValueError)


def test_schedule_error_carries_a_code_and_params_and_reads_in_logs():
    error = s.ScheduleError(s.DEPOSIT_BELOW_MINIMUM, deposit=D("10.00"), minimum=D("200.00"))
    assert (error.code, error.params) == ("deposit_below_minimum", {"deposit": D("10.00"), "minimum": D("200.00")})
    assert str(error) == "deposit_below_minimum(deposit=10.00, minimum=200.00)"
    assert str(s.ScheduleError(s.NO_INSTALLMENT, count=0)) == "no_installment(count=0)"


# ----------------------------------------------------------------------
# round_amount
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "rounding", "expected"),
    [
        (1.005, 0.01, "1.01"),  # binary 1.00499..., but half-up on what the user typed
        (2.675, 0.01, "2.68"),
        (1.004, 0.01, "1.00"),
        (-1.005, 0.01, "-1.01"),  # half away from zero, like float_round
        (2.5, 1, "3"),
        (3.5, 1.0, "4"),
        (-2.5, 1, "-3"),
        (10.4, 1.0, "10"),
        (1234.5678, 0.001, "1234.568"),
        (0.0005, 0.001, "0.001"),
        (0.0004, 0.001, "0.000"),
        (1.025, 0.05, "1.05"),
        (1.024, 0.05, "1.00"),
        (1.075, 0.05, "1.10"),
        (2.026, 0.05, "2.05"),
        (7, 0.01, "7.00"),
        (15, 10, "20"),
        (14.99, 10, "10"),
        (D("33.333333"), D("0.01"), "33.33"),
        ("0.125", "0.01", "0.13"),
        (0, 0.01, "0.00"),
    ],
)
def test_round_amount(amount, rounding, expected):
    result = s.round_amount(amount, rounding)
    assert isinstance(result, D)
    assert str(result) == expected


@pytest.mark.parametrize("rounding", [0, -0.01])
def test_round_amount_refuses_a_rounding_that_is_not_positive(rounding):
    with refused(s.ROUNDING_NOT_POSITIVE, rounding=D(str(rounding))):
        s.round_amount(1, rounding)


# ----------------------------------------------------------------------
# min_deposit
# ----------------------------------------------------------------------


def test_percent_plan_deposit_is_the_percent_of_each_line():
    assert str(s.min_deposit([line(100), line(50.50)], PLAN, 0, 0.01)) == "30.10"


def test_percent_plan_deposit_is_rounded_once_for_the_order():
    # Per line each 0.005 would round up to 0.01 (0.03 in all); once: 0.015 -> 0.02.
    lines = [line(0.01), line(0.01), line(0.01)]
    assert str(s.min_deposit(lines, replace(PLAN, deposit_value=50), 0, 0.01)) == "0.02"


@pytest.mark.parametrize(
    ("rounding", "totals", "percent", "expected"),
    [
        (1, [99], 15, "15"),  # 14.85
        (1.0, [10, 10], 12.5, "3"),  # 2.5 half-up
        (0.001, [10.005], 12.5, "1.251"),  # 1.250625
        (0.05, [10.13], 20, "2.05"),  # 2.026
        (0.05, [10.10], 20, "2.00"),  # 2.02
    ],
)
def test_percent_plan_deposit_at_other_roundings(rounding, totals, percent, expected):
    lines = [line(t) for t in totals]
    assert str(s.min_deposit(lines, replace(PLAN, deposit_value=percent), 0, rounding)) == expected


def test_fixed_plan_deposit_is_charged_once_per_order():
    assert str(s.min_deposit([line(100), line(200), line(300)], FIXED_PLAN, 0, 0.01)) == "50.00"


def test_fixed_plan_deposit_is_capped_at_the_lines_total():
    assert str(s.min_deposit([line(10), line(15)], FIXED_PLAN, 0, 0.01)) == "25.00"


def test_fixed_plan_deposit_cap_counts_only_the_lines_without_override():
    lines = [line(20), line(1000, deposit_type="percent", deposit_value=10)]
    # 20 (plan's 50 capped at the 20 of the plain line) + 100 (the override).
    assert str(s.min_deposit(lines, FIXED_PLAN, 0, 0.01)) == "120.00"


def test_fixed_plan_deposit_is_not_charged_without_plain_lines():
    lines = [line(100, deposit_type="percent", deposit_value=10), line(40, 2, deposit_type="fixed", deposit_value=3)]
    assert str(s.min_deposit(lines, FIXED_PLAN, 0, 0.01)) == "16.00"


def test_fixed_plan_deposit_without_any_line_is_the_service_fee():
    assert str(s.min_deposit([], FIXED_PLAN, 5, 0.01)) == "5.00"
    assert str(s.min_deposit([], PLAN, 0, 0.01)) == "0.00"


def test_percent_override_replaces_the_plan_percent():
    lines = [line(100, deposit_type="percent", deposit_value=50), line(200)]
    assert str(s.min_deposit(lines, PLAN, 0, 0.01)) == "90.00"  # 50 + 20% of 200


def test_fixed_override_is_per_unit():
    lines = [line(120, 3, deposit_type="fixed", deposit_value=15)]
    assert str(s.min_deposit(lines, PLAN, 0, 0.01)) == "45.00"


def test_fixed_override_with_a_fractional_quantity():
    lines = [line(30, 2.5, deposit_type="fixed", deposit_value=4.10)]
    assert str(s.min_deposit(lines, PLAN, 0, 0.01)) == "10.25"


def test_override_type_without_value_takes_the_plans_value():
    fixed = [line(300, 2, deposit_type="fixed")]  # 20 (the plan's value) per unit
    assert str(s.min_deposit(fixed, PLAN, 0, 0.01)) == "40.00"
    percent = [line(300, deposit_type="percent")]  # the fixed plan's 50 as a percent
    assert str(s.min_deposit(percent, FIXED_PLAN, 0, 0.01)) == "150.00"


def test_override_value_without_type_is_not_an_override():
    # The plan line would never send this; the type decides, so the plan's percent applies.
    assert str(s.min_deposit([line(100, deposit_value=90)], PLAN, 0, 0.01)) == "20.00"


def test_zero_percent_override_is_an_override():
    lines = [line(100, deposit_type="percent", deposit_value=0), line(100)]
    assert str(s.min_deposit(lines, FIXED_PLAN, 0, 0.01)) == "50.00"


def test_mixed_lines_with_service_fee():
    lines = [
        line(30),  # plain: the plan's fixed 50, capped at 30
        line(200, deposit_type="percent", deposit_value=10),  # 20
        line(100, 4, deposit_type="fixed", deposit_value=5),  # 20
    ]
    assert str(s.min_deposit(lines, FIXED_PLAN, 7.5, 0.01)) == "77.50"


def test_service_fee_is_part_of_the_deposit():
    assert str(s.min_deposit([line(100)], replace(PLAN, deposit_value=10), 12.34, 0.01)) == "22.34"
    assert str(s.min_deposit([line(100)], FIXED_PLAN, 5, 0.01)) == "55.00"


def test_min_deposit_never_exceeds_the_total():
    lines = [line(150, 2, deposit_type="fixed", deposit_value=100)]  # 200 > 150
    assert str(s.min_deposit(lines, PLAN, 10, 0.01)) == "160.00"
    assert str(s.min_deposit([line(99.99)], replace(PLAN, deposit_value=100), 0.01, 0.01)) == "100.00"
    assert str(s.min_deposit([line(80)], replace(PLAN, deposit_value=150), 0, 1)) == "80"


def test_min_deposit_is_never_negative():
    lines = [line(100, deposit_type="percent", deposit_value=0), line(-20)]  # a discount line
    assert str(s.min_deposit(lines, PLAN, 0, 0.01)) == "0.00"


def test_min_deposit_accepts_decimals_and_strings():
    lines = [line(D("100.10")), line("50.05")]
    assert str(s.min_deposit(lines, replace(PLAN, deposit_value=D(10)), D("1.00"), D("0.01"))) == "16.02"


# ----------------------------------------------------------------------
# installment_count
# ----------------------------------------------------------------------


def test_count_without_lines_is_the_plans():
    assert s.installment_count([], PLAN) == 3


def test_count_of_plain_lines_is_the_plans():
    assert s.installment_count([line(10), line(20)], PLAN) == 3


def test_count_is_the_largest_line_count():
    assert s.installment_count([line(10, installment_count=5), line(20)], PLAN) == 5
    assert s.installment_count([line(10, installment_count=2), line(20)], PLAN) == 3
    assert s.installment_count([line(10, installment_count=2), line(20, installment_count=4)], PLAN) == 4


def test_count_override_below_the_plans_default_wins_when_alone():
    assert s.installment_count([line(10, installment_count=2)], PLAN) == 2


def test_count_override_beyond_the_plans_range_is_not_clamped():
    assert s.installment_count([line(10, installment_count=12)], PLAN) == 12
    assert s.installment_count([line(10, installment_count=1)], PLAN) == 1


@pytest.mark.parametrize("requested", [2, 3, 4, 6])
def test_requested_count_within_the_range(requested):
    assert s.installment_count([line(10, installment_count=12)], PLAN, requested) == requested


@pytest.mark.parametrize("requested", [0, 1, 7, 60, -3])
def test_requested_count_outside_the_range_is_refused(requested):
    with refused(s.COUNT_OUT_OF_RANGE, requested=requested, installment_min=2, installment_max=6):
        s.installment_count([line(10)], PLAN, requested)


# ----------------------------------------------------------------------
# split_balance
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("balance", "count", "rounding", "expected"),
    [
        (100, 3, 0.01, ["33.33", "33.33", "33.34"]),
        (200, 3, 0.01, ["66.67", "66.67", "66.66"]),
        (200, 7, 0.01, ["28.57"] * 6 + ["28.58"]),
        (0.01, 3, 0.01, ["0.00", "0.00", "0.01"]),
        (0.02, 3, 0.01, ["0.01", "0.01", "0.00"]),
        (10, 3, 1, ["3", "3", "4"]),
        (1, 3, 1, ["0", "0", "1"]),
        (2, 3, 1.0, ["1", "1", "0"]),
        (1000, 6, 1, ["167"] * 5 + ["165"]),
        (13, 8, 1, ["1"] * 7 + ["6"]),  # 13/8 rounds to 2, but 7 * 2 > 13
        (11, 6, 1, ["2"] * 5 + ["1"]),
        (3, 2, 1, ["2", "1"]),
        (0.010, 3, 0.001, ["0.003", "0.003", "0.004"]),
        (0.002, 3, 0.001, ["0.001", "0.001", "0.000"]),
        (100, 3, 0.001, ["33.333", "33.333", "33.334"]),
        (1, 3, 0.05, ["0.35", "0.35", "0.30"]),
        (10, 3, 0.05, ["3.35", "3.35", "3.30"]),
        (0.10, 3, 0.05, ["0.05", "0.05", "0.00"]),
        (0.05, 3, 0.05, ["0.00", "0.00", "0.05"]),
        (20, 3, 10, ["10", "10", "0"]),
        (15, 2, 10, ["10", "10"]),  # 15 is first rounded to 20
        (100, 1, 0.01, ["100.00"]),
        (33.33, 1, 1, ["33"]),
        (0, 4, 0.01, ["0.00"] * 4),
        (0, 1, 1, ["0"]),
        (1.02, 2, 0.05, ["0.50", "0.50"]),  # the balance is rounded to the currency first
    ],
)
def test_split_balance(balance, count, rounding, expected):
    assert_exact(s.split_balance(balance, count, rounding), expected)


def test_split_balance_returns_decimals():
    assert all(isinstance(part, D) for part in s.split_balance(100, 3, 0.01))


@pytest.mark.parametrize("count", [0, -1])
def test_split_balance_needs_one_installment(count):
    with refused(s.NO_INSTALLMENT, count=count):
        s.split_balance(100, count, 0.01)


def test_split_balance_refuses_a_negative_balance():
    with refused(s.NEGATIVE_BALANCE, balance="-0.01"):
        s.split_balance(-0.01, 3, 0.01)


@PROPERTY
@given(
    balance=st.decimals(min_value=0, max_value=10**7, places=3),
    count=st.integers(1, 60),
    rounding=st.sampled_from(ROUNDINGS),
)
def test_split_balance_properties(balance, count, rounding):
    parts = s.split_balance(balance, count, rounding)
    step = D(rounding)
    assert len(parts) == count
    assert sum(parts) == s.round_amount(balance, rounding)
    assert len(set(parts[:-1])) <= 1
    assert all(part >= 0 for part in parts)
    assert all(part % step == 0 for part in parts)
    # The equal part is balance / count rounded, lowered only as far as the last needs.
    rounded = s.round_amount(s.round_amount(balance, rounding) / count, rounding)
    if count > 1:
        assert parts[0] <= rounded
        assert parts[0] == rounded or parts[-1] - step * (count - 1) < 0


@PROPERTY
@given(
    steps=st.integers(0, 10**7),
    count=st.integers(1, 60),
    rounding=st.sampled_from(ROUNDINGS),
)
def test_split_balance_properties_on_the_currency_grid(steps, count, rounding):
    balance = steps * D(rounding)
    parts = s.split_balance(balance, count, rounding)
    assert sum(parts) == balance
    assert len(set(parts[:-1])) <= 1
    assert min(parts) >= 0


# ----------------------------------------------------------------------
# due_dates
# ----------------------------------------------------------------------


def plan_for(period, first_due_days=0, period_days=0):
    """The test plan with another period."""
    return replace(PLAN, period=period, first_due_days=first_due_days, period_days=period_days)


def test_monthly_from_the_31st_in_a_leap_year():
    dates = s.due_dates(date(2028, 1, 1), 5, plan_for("monthly", 30))
    assert dates == [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30), date(2028, 5, 31)]


def test_monthly_from_the_31st_in_a_common_year():
    dates = s.due_dates(date(2027, 1, 31), 4, plan_for("monthly"))
    assert dates == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]


def test_monthly_from_the_30th_across_the_year_end():
    dates = s.due_dates(date(2027, 11, 30), 5, plan_for("monthly"))
    assert dates == [date(2027, 11, 30), date(2027, 12, 30), date(2028, 1, 30), date(2028, 2, 29), date(2028, 3, 30)]


def test_monthly_over_two_years():
    dates = s.due_dates(date(2027, 1, 15), 25, plan_for("monthly"))
    assert dates[12] == date(2028, 1, 15)
    assert dates[-1] == date(2029, 1, 15)
    assert all(d.day == 15 for d in dates)


def test_quarterly_month_ends():
    dates = s.due_dates(date(2027, 8, 31), 5, plan_for("quarterly"))
    assert dates == [date(2027, 8, 31), date(2027, 11, 30), date(2028, 2, 29), date(2028, 5, 31), date(2028, 8, 31)]


def test_half_yearly_month_ends():
    dates = s.due_dates(date(2027, 8, 1), 4, plan_for("half_yearly", 30))
    assert dates == [date(2027, 8, 31), date(2028, 2, 29), date(2028, 8, 31), date(2029, 2, 28)]


def test_yearly_from_a_leap_day():
    dates = s.due_dates(date(2028, 2, 29), 5, plan_for("yearly"))
    assert dates == [date(2028, 2, 29), date(2029, 2, 28), date(2030, 2, 28), date(2031, 2, 28), date(2032, 2, 29)]


def test_yearly_from_a_plain_day():
    dates = s.due_dates(date(2027, 3, 10), 3, plan_for("yearly", 5))
    assert dates == [date(2027, 3, 15), date(2028, 3, 15), date(2029, 3, 15)]


def test_weekly():
    dates = s.due_dates(date(2027, 12, 27), 4, plan_for("weekly", 7))
    assert dates == [date(2028, 1, 3), date(2028, 1, 10), date(2028, 1, 17), date(2028, 1, 24)]


def test_every_ten_days_across_a_leap_february():
    dates = s.due_dates(date(2028, 2, 15), 4, plan_for("days", 5, period_days=10))
    assert dates == [date(2028, 2, 20), date(2028, 3, 1), date(2028, 3, 11), date(2028, 3, 21)]


def test_every_ten_days_across_a_common_february():
    dates = s.due_dates(date(2027, 2, 15), 2, plan_for("days", 5, period_days=10))
    assert dates == [date(2027, 2, 20), date(2027, 3, 2)]


@pytest.mark.parametrize("period", ["weekly", "monthly", "quarterly", "half_yearly", "yearly", "days"])
def test_first_due_days_zero_is_the_start(period):
    start = date(2027, 6, 30)
    assert s.due_dates(start, 1, plan_for(period, 0, period_days=3)) == [start]
    assert s.due_dates(start, 3, plan_for(period, 0, period_days=3))[0] == start


def test_first_due_days_counts_from_the_start():
    assert s.due_dates(date(2027, 12, 20), 1, plan_for("monthly", 45)) == [date(2028, 2, 3)]


@pytest.mark.parametrize("period_days", [0, -5])
def test_days_period_needs_positive_days(period_days):
    with refused(s.PERIOD_DAYS_NOT_POSITIVE, period_days=period_days):
        s.due_dates(date(2027, 1, 1), 3, plan_for("days", period_days=period_days))


def test_unknown_period_is_refused():
    with refused(s.UNKNOWN_PERIOD, period="fortnightly"):
        s.due_dates(date(2027, 1, 1), 3, plan_for("fortnightly"))


def test_due_dates_need_one_installment():
    with refused(s.NO_INSTALLMENT, count=0):
        s.due_dates(date(2027, 1, 1), 0, PLAN)


def test_negative_first_due_days_is_refused():
    with refused(s.FIRST_DUE_BEFORE_START, first_due_days=-1):
        s.due_dates(date(2027, 1, 1), 3, plan_for("monthly", -1))


@PROPERTY
@given(
    first=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    count=st.integers(1, 60),
    period=st.sampled_from(["monthly", "quarterly", "half_yearly", "yearly"]),
)
def test_calendar_months_are_counted_from_the_first_due_date(first, count, period):
    months = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}[period]
    dates = s.due_dates(first, count, plan_for(period))
    for k, due in enumerate(dates):
        index = first.year * 12 + first.month - 1 + k * months
        assert due.year * 12 + due.month - 1 == index
        assert due.day == min(first.day, calendar.monthrange(due.year, due.month)[1])
    assert dates == sorted(set(dates))


# ----------------------------------------------------------------------
# expiry_date and longest_schedule_days
# ----------------------------------------------------------------------


def test_expiry_never():
    assert s.expiry_date(date(2027, 1, 1), PLAN) is None


def test_expiry_after_days():
    assert s.expiry_date(date(2028, 1, 1), replace(PLAN, expiry_days=60)) == date(2028, 3, 1)
    assert s.expiry_date(date(2027, 1, 1), replace(PLAN, expiry_days=365)) == date(2028, 1, 1)


@pytest.mark.parametrize(
    ("period", "period_days", "expected"),
    [
        ("weekly", 0, 30 + 5 * 7),
        ("monthly", 0, 30 + 5 * 31),
        ("quarterly", 0, 30 + 5 * 93),
        ("half_yearly", 0, 30 + 5 * 186),
        ("yearly", 0, 30 + 5 * 372),
        ("days", 10, 30 + 5 * 10),
    ],
)
def test_longest_schedule_days(period, period_days, expected):
    assert s.longest_schedule_days(plan_for(period, 30, period_days)) == expected


def test_longest_schedule_with_one_installment_is_the_first_due_days():
    assert s.longest_schedule_days(replace(plan_for("yearly", 14), installment_max=1)) == 14


def test_longest_schedule_days_needs_positive_period_days():
    with refused(s.PERIOD_DAYS_NOT_POSITIVE, period_days=0):
        s.longest_schedule_days(plan_for("days", 30, 0))


@PROPERTY
@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    period=st.sampled_from(["weekly", "monthly", "quarterly", "half_yearly", "yearly", "days"]),
    first_due_days=st.integers(0, 90),
    period_days=st.integers(1, 60),
    installment_max=st.integers(1, 60),
)
def test_an_expiry_of_the_longest_schedule_days_never_precedes_the_last_due_date(
    start, period, first_due_days, period_days, installment_max
):
    plan = replace(plan_for(period, first_due_days, period_days), installment_min=1, installment_max=installment_max)
    plan = replace(plan, expiry_days=s.longest_schedule_days(plan))
    last = s.due_dates(start, installment_max, plan)[-1]
    assert plan.expiry_days == 0 or s.expiry_date(start, plan) >= last


# ----------------------------------------------------------------------
# build_schedule
# ----------------------------------------------------------------------


def test_build_schedule():
    result = s.build_schedule([line(1000)], PLAN, date(2027, 1, 1), 0, 200, 0.01)
    assert result == s.Schedule(
        total=D("1000.00"),
        min_deposit=D("200.00"),
        deposit=D("200.00"),
        installment_count=3,
        installments=(
            s.Installment(1, date(2027, 1, 31), D("266.67")),
            s.Installment(2, date(2027, 2, 28), D("266.67")),
            s.Installment(3, date(2027, 3, 31), D("266.66")),
        ),
        expiry_date=None,
        start=date(2027, 1, 1),
        service_fee=D("0.00"),
    )
    assert_exact([result.total, result.min_deposit, result.deposit], ["1000.00", "200.00", "200.00"])


def test_build_schedule_with_service_fee_and_expiry():
    plan = replace(PLAN, expiry_days=120, first_due_days=0, period="weekly")
    result = s.build_schedule([line(400), line(600)], plan, date(2028, 2, 1), 10, 500, 0.01)
    assert_exact([result.total, result.min_deposit, result.deposit], ["1010.00", "210.00", "500.00"])
    assert (result.start, str(result.service_fee)) == (date(2028, 2, 1), "10.00")
    assert [(i.sequence, i.due_date, i.amount) for i in result.installments] == [
        (1, date(2028, 2, 1), D("170.00")),
        (2, date(2028, 2, 8), D("170.00")),
        (3, date(2028, 2, 15), D("170.00")),
    ]
    assert result.expiry_date == date(2028, 5, 31)


def test_build_schedule_deposit_plus_installments_is_the_total():
    result = s.build_schedule([line(333.33), line(0.01)], PLAN, date(2027, 1, 1), 1.11, 100, 0.01, requested_count=6)
    assert result.installment_count == 6
    assert_exact([i.amount for i in result.installments], ["39.08"] * 5 + ["39.05"])
    assert result.deposit + sum(i.amount for i in result.installments) == result.total == D("334.45")


def test_build_schedule_with_one_installment():
    plan = replace(PLAN, installment_count=1, installment_min=1, installment_max=1)
    result = s.build_schedule([line(99.99)], plan, date(2027, 5, 31), 0, 20, 0.01)
    assert result.installments == (s.Installment(1, date(2027, 6, 30), D("79.99")),)


def test_build_schedule_requesting_one_installment():
    plan = replace(PLAN, installment_min=1)
    result = s.build_schedule([line(100)], plan, date(2027, 1, 1), 0, 20, 0.01, requested_count=1)
    assert result.installment_count == 1
    assert_exact([i.amount for i in result.installments], ["80.00"])


def test_deposit_covering_everything_leaves_zero_installments():
    result = s.build_schedule([line(1000)], PLAN, date(2027, 1, 1), 0, 1000, 0.01)
    assert_exact([i.amount for i in result.installments], ["0.00", "0.00", "0.00"])
    assert [i.due_date for i in result.installments] == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]


def test_deposit_below_the_minimum_is_refused():
    with refused(s.DEPOSIT_BELOW_MINIMUM, deposit="199.99", minimum="200.00"):
        s.build_schedule([line(1000)], PLAN, date(2027, 1, 1), 0, 199.99, 0.01)
    with refused(s.DEPOSIT_BELOW_MINIMUM, deposit="199.99", minimum="200.00"):
        s.build_schedule([line(1000)], PLAN, date(2027, 1, 1), 0, 199.994, 0.01)


def test_deposit_is_rounded_before_the_minimum_check():
    result = s.build_schedule([line(1000)], PLAN, date(2027, 1, 1), 0, 199.995, 0.01)
    assert str(result.deposit) == "200.00"


def test_deposit_minimum_includes_the_service_fee():
    with refused(s.DEPOSIT_BELOW_MINIMUM, deposit="214.00", minimum="215.00"):
        s.build_schedule([line(1000)], PLAN, date(2027, 1, 1), 15, 214, 0.01)


def test_deposit_above_the_total_is_refused():
    with refused(s.DEPOSIT_ABOVE_TOTAL, deposit="1000.01", total="1000.00"):
        s.build_schedule([line(1000)], PLAN, date(2027, 1, 1), 0, 1000.01, 0.01)


def test_negative_deposit_is_refused_even_with_no_minimum():
    plan = replace(PLAN, deposit_value=0)
    with refused(s.DEPOSIT_BELOW_MINIMUM, deposit="-1.00", minimum="0.00"):
        s.build_schedule([line(1000)], plan, date(2027, 1, 1), 0, -1, 0.01)


def test_zero_deposit_when_the_plan_asks_none():
    plan = replace(PLAN, deposit_value=0)
    result = s.build_schedule([line(1000)], plan, date(2027, 1, 1), 0, 0, 0.01)
    assert_exact([i.amount for i in result.installments], ["333.33", "333.33", "333.34"])


@pytest.mark.parametrize("requested", [1, 7])
def test_requested_count_outside_the_range_is_refused_by_build_schedule(requested):
    with refused(s.COUNT_OUT_OF_RANGE, requested=requested, installment_min=2, installment_max=6):
        s.build_schedule([line(1000)], PLAN, date(2027, 1, 1), 0, 200, 0.01, requested_count=requested)


def test_line_override_count_beyond_the_plans_maximum():
    lines = [line(1200, installment_count=12), line(100)]
    result = s.build_schedule(lines, PLAN, date(2027, 1, 1), 0, 260, 0.01)
    assert result.installment_count == 12
    assert [i.sequence for i in result.installments] == list(range(1, 13))
    assert result.installments[-1].due_date == date(2027, 12, 31)
    assert_exact([i.amount for i in result.installments], ["86.67"] * 11 + ["86.63"])


def test_build_schedule_in_a_currency_without_decimals():
    result = s.build_schedule([line(1000)], PLAN, date(2027, 1, 1), 0, 200, 1)
    assert_exact([result.total, result.deposit], ["1000", "200"])
    assert_exact([i.amount for i in result.installments], ["267", "267", "266"])


def test_build_schedule_in_a_currency_with_three_decimals():
    plan = replace(PLAN, installment_count=7, installment_max=7, deposit_value=10)
    result = s.build_schedule([line(10)], plan, date(2027, 1, 1), 0, 1, 0.001)
    assert_exact([result.total, result.min_deposit, result.deposit], ["10.000", "1.000", "1.000"])
    assert_exact([i.amount for i in result.installments], ["1.286"] * 6 + ["1.284"])


def test_build_schedule_with_cash_rounding():
    result = s.build_schedule([line(100.10)], PLAN, date(2027, 1, 1), 0, 20.05, 0.05)
    assert_exact([result.total, result.min_deposit], ["100.10", "20.00"])
    assert_exact([i.amount for i in result.installments], ["26.70", "26.70", "26.65"])


def test_build_schedule_fixed_plan_with_overrides():
    lines = [
        line(30),
        line(200, deposit_type="percent", deposit_value=10),
        line(100, 4, deposit_type="fixed", deposit_value=5),
    ]
    result = s.build_schedule(lines, FIXED_PLAN, date(2027, 1, 1), 7.5, 77.5, 0.01)
    assert_exact([result.total, result.min_deposit], ["337.50", "77.50"])
    assert_exact([i.amount for i in result.installments], ["86.67", "86.67", "86.66"])


@PROPERTY
@given(
    totals=st.lists(st.decimals(min_value=0, max_value=10**5, places=2), min_size=1, max_size=5),
    fee=st.decimals(min_value=0, max_value=100, places=2),
    percent=st.integers(0, 100),
    extra=st.decimals(min_value=0, max_value=1, places=2),
    count=st.integers(2, 6),
)
def test_build_schedule_properties(totals, fee, percent, extra, count):
    plan = replace(PLAN, deposit_value=percent)
    lines = [line(t) for t in totals]
    minimum = s.min_deposit(lines, plan, fee, 0.01)
    total = sum(totals) + fee
    deposit = minimum + (total - minimum) * extra
    result = s.build_schedule(lines, plan, date(2027, 1, 31), fee, deposit, 0.01, requested_count=count)
    assert result.total == total
    assert 0 <= result.min_deposit <= result.deposit <= result.total
    assert result.deposit + sum(i.amount for i in result.installments) == result.total
    assert len(result.installments) == count


# ----------------------------------------------------------------------
# allocate
# ----------------------------------------------------------------------

THREE = [100, 100, 100]


@pytest.mark.parametrize(
    ("paid_before", "amount", "expected"),
    [
        (0, 100, ["100", "0", "0"]),  # exactly the first
        (0, 50, ["50", "0", "0"]),  # partial
        (50, 50, ["100", "0", "0"]),  # completing a partial one
        (50, 100, ["100", "50", "0"]),  # across two
        (0, 250, ["100", "100", "50"]),  # early payment over several
        (100, 200, ["100", "100", "100"]),  # the whole balance
        (0, 300, ["100", "100", "100"]),
        (299.99, 0.01, ["100", "100", "100.00"]),
    ],
)
def test_allocate(paid_before, amount, expected):
    assert s.allocate(THREE, paid_before, amount) == decimals(*expected)


def test_allocate_uneven_installments_in_decimals():
    result = s.allocate([33.33, 33.33, 33.34], 33.33, 50)
    assert_exact(result, ["33.33", "33.33", "16.67"])


def test_allocate_skips_zero_installments():
    assert s.allocate([0, 0, 10], 0, 5) == decimals("0", "0", "5")


def test_allocate_overpayment_is_refused():
    with refused(s.PAYMENT_EXCEEDS_BALANCE, amount="51", balance="50"):
        s.allocate(THREE, 250, 51)
    with refused(s.PAYMENT_EXCEEDS_BALANCE, amount="0.01", balance="0"):
        s.allocate(THREE, 300, 0.01)


@pytest.mark.parametrize("amount", [0, -10, -0.01])
def test_allocate_needs_a_positive_amount(amount):
    with refused(s.PAYMENT_NOT_POSITIVE, amount=D(str(amount))):
        s.allocate(THREE, 0, amount)


def test_allocate_refuses_a_negative_paid_before():
    with refused(s.PAID_BEFORE_NEGATIVE, paid_before="-1"):
        s.allocate(THREE, -1, 10)


def test_allocate_with_rounding_absorbs_float_sums():
    paid_before = 0.1 + 0.2  # 0.30000000000000004
    with refused(s.PAYMENT_EXCEEDS_BALANCE, amount="99.7", balance="99.69999999999999996"):
        s.allocate([50, 50], paid_before, 99.70)
    assert_exact(s.allocate([50, 50], paid_before, 99.70, rounding=0.01), ["50", "50"])


@PROPERTY
@given(
    balance_steps=st.integers(0, 10**6),
    count=st.integers(1, 60),
    rounding=st.sampled_from(ROUNDINGS),
    cuts=st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=8),
)
def test_allocate_properties(balance_steps, count, rounding, cuts):
    step = D(rounding)
    installments = s.split_balance(balance_steps * step, count, rounding)
    balance = sum(installments)
    # Cumulative totals paid, on the currency grid, ending with the whole balance.
    totals = sorted({s.round_amount(balance * D(str(c)), rounding) for c in cuts} | {balance})
    paid = D(0)
    previous = [D(0)] * count
    for cumulative in totals:
        if cumulative <= paid:
            continue
        result = s.allocate(installments, paid, cumulative - paid)
        assert sum(result) == cumulative
        assert all(0 <= got <= due for got, due in zip(result, installments, strict=True))
        assert all(got >= before for got, before in zip(result, previous, strict=True))
        # Filled in order: everything before the first unpaid installment is paid in full.
        unfilled = [k for k, (got, due) in enumerate(zip(result, installments, strict=True)) if got < due]
        if unfilled:
            assert all(got == 0 for got in result[unfilled[0] + 1 :])
        # A pure function of the cumulative total, however it was reached.
        assert result == s.allocate(installments, 0, cumulative)
        paid, previous = cumulative, result
    assert previous == installments


# ---------------------------------------------------------------------------
# Re-spreading after Change items
# ---------------------------------------------------------------------------


def test_respread_keeps_what_is_paid_and_spreads_the_balance_over_the_rest():
    assert s.respread([D("66.67"), D("0"), D("0")], D("66.67"), D("183.33"), "0.01") == (
        [D("66.67")],
        [D("91.67"), D("91.66")],
    )


def test_respread_closes_a_partly_paid_installment_at_what_it_holds():
    assert s.respread([D("66.67"), D("10"), D("0")], D("76.67"), D("100"), "0.01") == (
        [D("66.67"), D("10.00")],
        [D("100.00")],
    )


def test_respread_gives_a_refund_back_from_the_latest_installments():
    assert s.respread([D("66.67"), D("66.67"), D("16.66")], D("85"), D("0"), "0.01") == (
        [D("66.67"), D("18.33")],
        [],
    )


def test_respread_adds_an_installment_when_every_one_is_paid():
    assert s.respread([D("50"), D("50")], D("100"), D("30"), "0.01") == ([D("50.00"), D("50.00")], [D("30.00")])


def test_respread_refuses_keeping_more_than_was_paid_or_a_negative_balance():
    with pytest.raises(s.ScheduleError):
        s.respread([D("10"), D("0")], D("20"), D("5"), "0.01")
    with pytest.raises(s.ScheduleError):
        s.respread([D("10"), D("0")], D("10"), D("-5"), "0.01")


@settings(max_examples=300, deadline=None)
@given(
    amounts=st.lists(st.integers(min_value=1, max_value=100_000), min_size=1, max_size=12),
    paid_share=st.integers(min_value=0, max_value=100),
    kept_share=st.integers(min_value=0, max_value=100),
    balance=st.integers(min_value=0, max_value=10_000_000),
    rounding=st.sampled_from(["0.01", "1", "0.05"]),
)
def test_respread_properties(amounts, paid_share, kept_share, balance, rounding):
    """Whatever the schedule, what was paid and the change: the kept installments add up to what
    the installments keep, in order and never more than they held; the new ones add up to the
    balance, all equal but the last, none negative; the count stays unless none was left."""
    step = D(rounding)
    amounts = [s.round_amount(D(a) / 100, step) for a in amounts]
    total_paid = s.round_amount(sum(amounts) * paid_share / 100, step)
    held = s.allocate(amounts, 0, total_paid) if total_paid > 0 else [D(0)] * len(amounts)
    keep = s.round_amount(total_paid * kept_share / 100, step)
    balance = s.round_amount(D(balance) / 100, step)
    kept, spread = s.respread(held, keep, balance, step)
    assert sum(kept, D(0)) == keep
    assert all(0 <= k <= h for k, h in zip(kept, held[: len(kept)], strict=True))
    assert sum(spread, D(0)) == balance
    assert all(part >= 0 for part in spread)
    assert len(set(spread[:-1])) <= 1
    if balance > 0:
        assert len(kept) + len(spread) == max(len(amounts), len(kept) + 1)
    else:
        assert spread == []
