"""The layaway arithmetic: deposit, installment count, amounts, due dates, allocation.

Pure Python (no Odoo): the models convert records to `PlanTerms` / `LineTerms`
and call these functions, so every rule lives here and is tested in `tests_pure/`.
Amounts are `decimal.Decimal`; inputs may be floats (converted through `str`).
A refusal is a `ScheduleError` with a code and its numbers, never a user text:
`layaway.plan._schedule_error_text` says it in the user's language.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

# Months per period; 'weekly' and 'days' are counted in days instead.
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
# A month counts as its longest possible length when checking a plan's expiry.
WORST_MONTH_DAYS = 31


# The codes of ScheduleError, one per refused rule, each followed by the names of its params;
# layaway.plan._schedule_error_text turns each into a translated sentence. A param name means
# the same in every code: deposit, minimum, total, balance, amount and paid_before are money.
ROUNDING_NOT_POSITIVE = "rounding_not_positive"  # rounding
COUNT_OUT_OF_RANGE = "installment_count_out_of_range"  # requested, installment_min, installment_max
NO_INSTALLMENT = "no_installment"  # count
NEGATIVE_BALANCE = "negative_balance"  # balance
FIRST_DUE_BEFORE_START = "first_due_before_start"  # first_due_days
PERIOD_DAYS_NOT_POSITIVE = "period_days_not_positive"  # period_days
UNKNOWN_PERIOD = "unknown_period"  # period
DEPOSIT_BELOW_MINIMUM = "deposit_below_minimum"  # deposit, minimum
DEPOSIT_ABOVE_TOTAL = "deposit_above_total"  # deposit, total
PAYMENT_NOT_POSITIVE = "payment_not_positive"  # amount
PAID_BEFORE_NEGATIVE = "paid_before_negative"  # paid_before
PAYMENT_EXCEEDS_BALANCE = "payment_exceeds_balance"  # amount, balance (what is left to pay)


class ScheduleError(ValueError):
    """Terms or amounts that cannot make a schedule.

    It carries no user text: `code` names the rule (the constants above) and `params` its
    numbers, amounts (Decimal) and dates, so that the model layer can say it in the user's
    language. str() is a line for logs and tests, e.g. "deposit_below_minimum(deposit=10.00, minimum=200.00)".
    """

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self):
        return f"{self.code}({', '.join(f'{name}={value}' for name, value in self.params.items())})"


@dataclass(frozen=True)
class LineTerms:
    """An order line: its total with taxes and the product's overrides (None = the plan's)."""

    total: object
    quantity: object = 1
    installment_count: int | None = None
    deposit_type: str | None = None
    deposit_value: object = None


@dataclass(frozen=True)
class PlanTerms:  # A value object, one attribute per term. pylint: disable=too-many-instance-attributes
    """A layaway plan's terms."""

    installment_count: int
    installment_min: int
    installment_max: int
    period: str
    period_days: int
    first_due_days: int
    deposit_type: str
    deposit_value: object
    expiry_days: int


@dataclass(frozen=True)
class Installment:
    """One scheduled payment of the balance; sequence counts from 1."""

    sequence: int
    due_date: date
    amount: Decimal


@dataclass(frozen=True)
class Schedule:  # pylint: disable=too-many-instance-attributes
    """What `build_schedule` returns: the amounts, the installments and the expiry date.

    `start` is the day the deposit is paid; `service_fee` (rounded) is included in `total`.
    """

    total: Decimal
    min_deposit: Decimal
    deposit: Decimal
    installment_count: int
    installments: tuple
    expiry_date: date | None
    start: date
    service_fee: Decimal


def _dec(value):
    # str() first so that a float such as 0.1 becomes Decimal('0.1'), not its binary expansion.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _quantum(rounding):
    rounding = _dec(rounding)
    if rounding <= 0:
        raise ScheduleError(ROUNDING_NOT_POSITIVE, rounding=rounding)
    # 1.0 -> 0 decimals, 0.05 -> 2 decimals, like Odoo's precision_rounding.
    return Decimal(1).scaleb(min(rounding.normalize().as_tuple().exponent, 0))


def round_amount(amount, rounding):
    """`amount` rounded half-up (away from zero) to a multiple of `rounding`, like Odoo's float_round.

    The result is quantized to the rounding's decimals (rounding 0.05 -> 2 decimals, 1.0 -> 0).
    """
    step = _dec(rounding)
    quantum = _quantum(step)
    steps = (_dec(amount) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (steps * step).quantize(quantum)


def _order_total(lines, service_fee, rounding):
    return round_amount(sum((_dec(line.total) for line in lines), Decimal(0)) + _dec(service_fee), rounding)


def min_deposit(lines, plan, service_fee, rounding):
    """The least deposit that starts a layaway: service fee + each line's deposit.

    A line with an override pays its percent of its total, or its fixed value per unit.
    Other lines follow the plan: its percent of each line's total, or its fixed amount
    once per order for all of them together, capped at their total. The service fee is
    passed apart from `lines`. Rounded to the currency, never negative, never above the
    total (lines + service fee).
    """
    fee = _dec(service_fee)
    goods = Decimal(0)
    plan_fixed_lines_total = None
    for line in lines:
        line_total = _dec(line.total)
        if line.deposit_type is not None:
            value = _dec(line.deposit_value if line.deposit_value is not None else plan.deposit_value)
            if line.deposit_type == "percent":
                goods += line_total * value / 100
            else:
                goods += value * _dec(line.quantity)
        elif plan.deposit_type == "percent":
            goods += line_total * _dec(plan.deposit_value) / 100
        else:
            plan_fixed_lines_total = (plan_fixed_lines_total or Decimal(0)) + line_total
    if plan_fixed_lines_total is not None:
        goods += min(_dec(plan.deposit_value), plan_fixed_lines_total)
    deposit = round_amount(fee + goods, rounding)
    return max(min(deposit, _order_total(lines, fee, rounding)), Decimal(0).quantize(_quantum(rounding)))


def installment_count(lines, plan, requested=None):
    """The number of installments.

    Without `requested`: the largest of the lines' counts (a product's override, else the
    plan's default), or the plan's default with no lines. Not clamped to the plan's range,
    since a product override may go beyond it. A `requested` count must be within
    [installment_min, installment_max], else ScheduleError.
    """
    if requested is None:
        return max((line.installment_count or plan.installment_count for line in lines), default=plan.installment_count)
    if not plan.installment_min <= requested <= plan.installment_max:
        raise ScheduleError(
            COUNT_OUT_OF_RANGE,
            requested=requested,
            installment_min=plan.installment_min,
            installment_max=plan.installment_max,
        )
    return requested


def split_balance(balance, count, rounding):
    """`balance` in `count` parts rounded to the currency that add up exactly to it.

    All parts but the last are equal (the balance / count, rounded); the last absorbs the
    rounding. With a coarse rounding the equal part is lowered so that the last is never
    negative (1 in 3 at rounding 1 -> 0, 0, 1). The balance itself is first rounded.
    """
    if count < 1:
        raise ScheduleError(NO_INSTALLMENT, count=count)
    step = _dec(rounding)
    balance = round_amount(balance, step)
    if balance < 0:
        raise ScheduleError(NEGATIVE_BALANCE, balance=balance)
    part = round_amount(balance / count, step)
    if count > 1:
        # The largest multiple of the rounding that fits count - 1 times in the balance.
        most = (balance / (count - 1) / step).quantize(Decimal(1), rounding=ROUND_FLOOR) * step
        part = min(part, most.quantize(part))
    last = balance - part * (count - 1)
    return [part] * (count - 1) + [last]


def _add_months(day, months):
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def due_dates(start, count, plan):
    """The `count` due dates: start + first_due_days, then one per period.

    Months are calendar months counted from the first due date, each clamped to the
    month's end: from Jan 31 monthly -> Feb 28/29, Mar 31, Apr 30.
    """
    if count < 1:
        raise ScheduleError(NO_INSTALLMENT, count=count)
    if plan.first_due_days < 0:
        raise ScheduleError(FIRST_DUE_BEFORE_START, first_due_days=plan.first_due_days)
    first = start + timedelta(days=plan.first_due_days)
    if plan.period in PERIOD_MONTHS:
        months = PERIOD_MONTHS[plan.period]
        # Always from the first date, so a short month does not shorten later ones.
        return [_add_months(first, k * months) for k in range(count)]
    return [first + timedelta(days=k * _period_days(plan)) for k in range(count)]


def _period_days(plan):
    if plan.period == "weekly":
        return 7
    if plan.period == "days":
        if plan.period_days <= 0:
            raise ScheduleError(PERIOD_DAYS_NOT_POSITIVE, period_days=plan.period_days)
        return plan.period_days
    if plan.period in PERIOD_MONTHS:
        return PERIOD_MONTHS[plan.period] * WORST_MONTH_DAYS
    raise ScheduleError(UNKNOWN_PERIOD, period=plan.period)


def expiry_date(start, plan):
    """The date a layaway started on `start` expires: start + expiry_days; None when 0 (never)."""
    return start + timedelta(days=plan.expiry_days) if plan.expiry_days else None


def longest_schedule_days(plan):
    """Days from the start to the last due date of the longest schedule the plan allows.

    That is first_due_days + (installment_max - 1) periods, a month counted as 31 days
    (a week 7, 'days' period_days). Rule: a plan is valid when expiry_days == 0 (never
    expires) or expiry_days >= longest_schedule_days(plan), so no layaway can expire
    before its last installment is due.
    """
    return plan.first_due_days + max(plan.installment_max - 1, 0) * _period_days(plan)


def build_schedule(lines, plan, start, service_fee, deposit_paid, rounding, requested_count=None):
    """The whole schedule of a layaway started on `start` with `deposit_paid`.

    total = lines + service fee; the deposit must be within [min_deposit, total]; the
    balance total - deposit is split into the installments (see split_balance, due_dates).
    """
    total = _order_total(lines, service_fee, rounding)
    minimum = min_deposit(lines, plan, service_fee, rounding)
    deposit = round_amount(deposit_paid, rounding)
    if deposit < minimum:
        raise ScheduleError(DEPOSIT_BELOW_MINIMUM, deposit=deposit, minimum=minimum)
    if deposit > total:
        raise ScheduleError(DEPOSIT_ABOVE_TOTAL, deposit=deposit, total=total)
    count = installment_count(lines, plan, requested_count)
    amounts = split_balance(total - deposit, count, rounding)
    installments = tuple(
        Installment(sequence, due, amount)
        for sequence, (due, amount) in enumerate(zip(due_dates(start, count, plan), amounts, strict=True), 1)
    )
    fee = round_amount(service_fee, rounding)
    return Schedule(total, minimum, deposit, count, installments, expiry_date(start, plan), start, fee)


def allocate(installments, paid_before, amount, rounding=None):
    """What is paid on each installment once `amount` is added to `paid_before`.

    `installments` are the amounts in due-date order, `paid_before` what was already paid
    on them in total. Payments fill the installments in order, so the result depends only
    on the cumulative paid total; one payment may span several installments. With a
    `rounding`, `paid_before` and `amount` are rounded first (float sums from the database).
    """
    amounts = [_dec(value) for value in installments]
    paid_before, amount = _dec(paid_before), _dec(amount)
    if rounding is not None:
        paid_before, amount = round_amount(paid_before, rounding), round_amount(amount, rounding)
    if amount <= 0:
        raise ScheduleError(PAYMENT_NOT_POSITIVE, amount=amount)
    if paid_before < 0:
        raise ScheduleError(PAID_BEFORE_NEGATIVE, paid_before=paid_before)
    balance = sum(amounts, Decimal(0))
    if paid_before + amount > balance:
        raise ScheduleError(PAYMENT_EXCEEDS_BALANCE, amount=amount, balance=balance - paid_before)
    left = paid_before + amount
    allocation = []
    for value in amounts:
        paid = min(value, left)
        allocation.append(paid)
        left -= paid
    return allocation


def respread(held, paid, balance, rounding):
    """The installments' amounts once a layaway's goods change (Change items).

    `held` is what each installment holds, in due-date order (payments fill them in order, so
    it is the paid ones, then at most one partly paid, then zeros); `paid` is what the
    installments keep after the change (their total, or less when money is refunded: the
    latest ones give it back first); `balance` is what is left to pay.

    The installments that keep money are closed at what they keep; the balance is spread
    evenly (`split_balance`) over the others, same count and order, the last absorbing the
    rounding. When none is left to take a balance, one is added; with no balance, the
    installments that keep nothing are dropped.

    :return: ``(kept, spread)``: the kept amounts, then the new amounts of the installments to pay.
    """
    step = _dec(rounding)
    held = [round_amount(value, step) for value in held]
    left = round_amount(_dec(paid), step)
    balance = round_amount(_dec(balance), step)
    if left < 0 or left > sum(held, Decimal(0)):
        raise ScheduleError(PAID_BEFORE_NEGATIVE, paid_before=left)
    kept = []
    for value in held:
        if left <= 0:
            break
        # (an installment of zero, with a coarse rounding, before the money is kept at zero)
        take = min(value, left)
        kept.append(take)
        left -= take
    if balance <= 0:
        if balance < 0:
            raise ScheduleError(NEGATIVE_BALANCE, balance=balance)
        return kept, []
    return kept, split_balance(balance, max(len(held) - len(kept), 1), step)
