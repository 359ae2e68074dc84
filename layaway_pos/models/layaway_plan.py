from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formatLang

from ..tools import schedule
from ..tools.states import OPEN_STATES

PERIODS = [
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("half_yearly", "Half-yearly"),
    ("yearly", "Yearly"),
    ("days", "Every N days"),
]
DEPOSIT_TYPES = [("percent", "Percentage"), ("fixed", "Fixed amount")]
FEE_TYPES = [("none", "None"), ("percent", "Percentage"), ("fixed", "Fixed amount")]
# Where money paid back goes (cancellation, Change items): the plan's default, a manager may choose another.
REFUND_METHODS = [
    ("credit_note", "Store credit (credit note)"),
    ("payment", "Pay back (bank or cash)"),
    ("gift_card", "Gift card (Loyalty app)"),
]
NAME_MAX_LENGTH = 100
# The params of a schedule.ScheduleError that are money, whatever the code (see tools/schedule.py).
SCHEDULE_ERROR_AMOUNTS = {"minimum", "total", "balance", "amount", "paid_before", "deposit"}


class LayawayPlan(models.Model):
    """The terms a layaway is sold on: deposit, installments, fees, expiry, stock."""

    _name = "layaway.plan"
    _inherit = ["pos.load.mixin"]
    _description = "Layaway Plan"
    _order = "sequence, code"
    _check_company_auto = True

    code = fields.Char(required=True, help="Digits only, unique in the company.")
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")

    installment_count = fields.Integer("Installments", default=3, required=True, help="Default number of installments.")
    installment_min = fields.Integer("Minimum Installments", default=1, required=True)
    installment_max = fields.Integer("Maximum Installments", default=6, required=True)
    period = fields.Selection(PERIODS, default="monthly", required=True)
    period_days = fields.Integer(
        "Days Between Installments", help="Used, and required, when the period is 'Every N days'."
    )
    first_due_days = fields.Integer(
        "First Installment After (Days)",
        default=30,
        required=True,
        help="Days from the start of the layaway to the first installment.",
    )
    deposit_type = fields.Selection(DEPOSIT_TYPES, default="percent", required=True)
    deposit_value = fields.Float(
        "Deposit",
        default=20.0,
        digits="Account",
        help="Percentage of each line's total with taxes, or a fixed amount per order.",
    )
    expiry_days = fields.Integer(
        "Expires After (Days)",
        default=0,
        help="Days from the start after which an unpaid layaway expires; 0 means never. "
        "It must leave room for the longest schedule the plan allows.",
    )
    grace_days = fields.Integer(default=0, help="Days an installment may be late before it counts as overdue.")
    stock_policy = fields.Selection(
        [("reserve", "Reserve at start"), ("on_completion", "Reserve at completion")],
        default="reserve",
        required=True,
        help="Reserve at start: the goods move to the layaway location when the layaway starts.\n"
        "Reserve at completion: nothing is set aside until the balance is paid.",
    )
    recognition = fields.Selection(
        [("on_completion", "At completion (customer deposits)"), ("on_start", "At start (installment sale)")],
        "Revenue Recognition",
        default="on_completion",
        required=True,
        help="At completion: payments are customer deposits (a liability) until the goods are handed over, "
        "when the sale is invoiced with the deposits deducted.\n"
        "At start: an installment sale: the goods are invoiced when the layaway starts, the balance is a "
        "receivable that every payment settles, and the sales reports count it at the start. Installment "
        "sales are started and paid in the back office only.",
    )
    fee_type = fields.Selection(FEE_TYPES, "Service Fee", default="none", required=True)
    fee_value = fields.Float(
        "Service Fee Value", digits="Account", help="Percentage of the goods total, or a fixed amount."
    )
    cancel_fee_type = fields.Selection(FEE_TYPES, "Cancellation Fee", default="none", required=True)
    cancel_fee_value = fields.Float(
        "Cancellation Fee Value",
        digits="Account",
        help="Percentage of the layaway total, or a fixed amount; never more than what was paid.",
    )
    partial_pickup_reserve = fields.Float(
        "Partial Pick-up Reserve (%)",
        digits=(5, 2),
        default=0.0,
        help="Items may leave before the balance is paid when what was paid, less the value of the items already "
        "taken, covers the items taken now plus this percentage of the goods left on layaway.",
    )
    refund_method = fields.Selection(
        REFUND_METHODS,
        "Refund To",
        default="credit_note",
        required=True,
        help="Where money paid back goes when a layaway is cancelled or its goods change (the fee is kept in every "
        "case): a store credit (a credit note the customer uses on a later purchase, and at the register as "
        "customer account) or paid back from a bank or cash journal. A manager may choose another.",
    )
    line_ids = fields.One2many("layaway.plan.line", "plan_id", "Product Terms", copy=True)
    terms = fields.Html("Layaway Terms", translate=True, help="Printed on the contract and on POS receipts.")

    example_amount = fields.Monetary(store=False, default=1000.0, currency_field="currency_id")
    example_schedule_html = fields.Html("Example Schedule", compute="_compute_example_schedule_html", sanitize=False)

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)", "Another layaway plan of this company already has this code."
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("code")
    def _check_code(self):
        for plan in self:
            if not (plan.code or "").isdigit():
                raise ValidationError(
                    self.env._(
                        "The code of layaway plan '%(name)s' must contain digits only (got '%(code)s').",
                        name=plan.name,
                        code=plan.code or "",
                    )
                )

    @api.constrains("name")
    def _check_name(self):
        for plan in self:
            if len(plan.name or "") > NAME_MAX_LENGTH:
                raise ValidationError(
                    self.env._(
                        "A layaway plan name has at most %(max)s characters; '%(name)s…' has %(len)s.",
                        max=NAME_MAX_LENGTH,
                        name=plan.name[:30],
                        len=len(plan.name),
                    )
                )

    def write(self, vals):
        """A plan's revenue recognition is checked before it changes (see below)."""
        if "recognition" in vals:
            self._check_recognition_unused(vals["recognition"])
        return super().write(vals)

    def _check_recognition_unused(self, recognition):
        """The revenue recognition of a plan with open layaways cannot change: their books follow it."""
        changed = self.filtered(lambda plan: plan.recognition != recognition)
        if not changed:
            return
        open_layaways = (
            self.env["sale.order"]
            .sudo()
            .search_count([("layaway_plan_id", "in", changed.ids), ("layaway_state", "in", ("draft", *OPEN_STATES))])
        )
        if open_layaways:
            raise UserError(
                self.env._(
                    "%(count)s open or draft layaways use the plan(s) %(plans)s: their revenue recognition cannot "
                    "change. Create a new plan with the other recognition for new layaways.",
                    count=open_layaways,
                    plans=", ".join(changed.mapped("name")),
                )
            )
        if (
            self.env["pos.config"].sudo().search_count([("layaway_plan_ids", "in", changed.ids)])
            and recognition == "on_start"
        ):
            raise UserError(
                self.env._(
                    "Registers offer the plan(s) %s: an installment sale cannot be paid at a register. "
                    "Remove the plan from the registers' layaway plans first.",
                    ", ".join(changed.mapped("name")),
                )
            )

    @api.constrains("installment_count", "installment_min", "installment_max")
    def _check_installment_counts(self):
        for plan in self:
            if not 1 <= plan.installment_min <= plan.installment_count <= plan.installment_max:
                raise ValidationError(
                    self.env._(
                        "Plan '%(name)s': the installment counts must satisfy "
                        "1 ≤ minimum ≤ default ≤ maximum (got %(min)s, %(default)s, %(max)s).",
                        name=plan.name,
                        min=plan.installment_min,
                        default=plan.installment_count,
                        max=plan.installment_max,
                    )
                )

    @api.constrains("period", "period_days")
    def _check_period_days(self):
        for plan in self:
            if plan.period == "days" and plan.period_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Plan '%(name)s': set the number of days between installments "
                        "(more than 0) for the period 'Every N days'.",
                        name=plan.name,
                    )
                )
            if plan.period != "days" and plan.period_days:
                raise ValidationError(
                    self.env._(
                        "Plan '%(name)s': days between installments are only used with the "
                        "period 'Every N days'; clear the field or change the period.",
                        name=plan.name,
                    )
                )

    @api.constrains("first_due_days", "grace_days", "expiry_days")
    def _check_days(self):
        for plan in self:
            for value, label in (
                (plan.first_due_days, self.env._("first installment after")),
                (plan.grace_days, self.env._("grace days")),
                (plan.expiry_days, self.env._("expires after")),
            ):
                if value < 0:
                    raise ValidationError(
                        self.env._(
                            "Plan '%(name)s': '%(field)s' cannot be negative.",
                            name=plan.name,
                            field=label,
                        )
                    )

    @api.constrains("deposit_type", "deposit_value", "fee_type", "fee_value", "cancel_fee_type", "cancel_fee_value")
    def _check_amounts(self):
        for plan in self:
            _check_amount_terms(self.env, plan.name, plan.deposit_type, plan.deposit_value, self.env._("deposit"))
            _check_amount_terms(self.env, plan.name, plan.fee_type, plan.fee_value, self.env._("service fee"))
            _check_amount_terms(
                self.env, plan.name, plan.cancel_fee_type, plan.cancel_fee_value, self.env._("cancellation fee")
            )

    @api.constrains("refund_method")
    def _check_refund_method(self):
        if "loyalty.program" not in self.env and "gift_card" in self.mapped("refund_method"):
            raise ValidationError(
                self.env._(
                    "Refunds to gift cards need Odoo's gift cards (the Loyalty app): install it first, or choose "
                    "store credit or paying back."
                )
            )

    @api.constrains("partial_pickup_reserve")
    def _check_partial_pickup_reserve(self):
        for plan in self:
            if not 0.0 <= plan.partial_pickup_reserve <= 100.0:
                raise ValidationError(
                    self.env._(
                        "Plan '%(name)s': the partial pick-up reserve is a percentage between 0 and 100 "
                        "(got %(value)s).",
                        name=plan.name,
                        value=plan.partial_pickup_reserve,
                    )
                )

    @api.constrains("expiry_days", "installment_max", "period", "period_days", "first_due_days", "line_ids")
    def _check_expiry_leaves_room(self):
        for plan in self:
            if not plan.expiry_days or (plan.period == "days" and plan.period_days <= 0):
                continue
            needed = schedule.longest_schedule_days(plan._schedule_terms(plan._longest_installment_count()))
            if plan.expiry_days < needed:
                raise ValidationError(
                    self.env._(
                        "Plan '%(name)s' expires after %(expiry)s days, but its longest schedule "
                        "(%(count)s installments) can run %(needed)s days. Set at least %(needed)s days, "
                        "or 0 for no expiry.",
                        name=plan.name,
                        expiry=plan.expiry_days,
                        count=plan._longest_installment_count(),
                        needed=needed,
                    )
                )

    # ------------------------------------------------------------------
    # Point of Sale data (only the plans of the register)
    # ------------------------------------------------------------------

    # Odoo's signatures for the register's data loaders, used or not.
    @api.model
    def _load_pos_data_domain(self, data, config):  # pylint: disable=unused-argument
        if not config.layaway_enabled:
            return False
        return [("id", "in", config.layaway_plan_ids.ids)]

    @api.model
    def _load_pos_data_fields(self, config):  # pylint: disable=unused-argument
        return ["id", "code", "name", "installment_count", "installment_min", "installment_max", "terms", "write_date"]

    # ------------------------------------------------------------------
    # Terms for the schedule arithmetic
    # ------------------------------------------------------------------

    def _longest_installment_count(self):
        """The most installments a layaway on this plan can have (plan maximum or a line override)."""
        self.ensure_one()
        return max([self.installment_max] + [c for c in self.line_ids.mapped("installment_count") if c])

    def _fixed_amount(self, value, currency=None, date=None):
        """A fixed amount of the plan, set in the company's currency, in `currency` (an order's;
        default the company's) at the rate of `date` (the layaway's start; default today), rounded.

        The one conversion of the plan's fixed deposits and fees: every order amount they reach
        (minimum deposit, schedule, service fee line, cancellation fee, register preview) passes here.
        """
        self.ensure_one()
        return self.currency_id._convert(
            value, currency or self.currency_id, self.company_id, date or fields.Date.context_today(self)
        )

    def _schedule_terms(self, installment_max=None, currency=None, date=None):
        """This plan as the pure `PlanTerms` of tools/schedule.py, a fixed deposit in `currency` at
        `date`'s rate (see `_fixed_amount`)."""
        self.ensure_one()
        deposit_value = self.deposit_value
        if self.deposit_type == "fixed":
            deposit_value = self._fixed_amount(deposit_value, currency, date)
        return schedule.PlanTerms(
            installment_count=self.installment_count,
            installment_min=self.installment_min,
            installment_max=installment_max or self.installment_max,
            period=self.period,
            period_days=self.period_days,
            first_due_days=self.first_due_days,
            deposit_type=self.deposit_type,
            deposit_value=deposit_value,
            expiry_days=self.expiry_days,
        )

    def _fee_amount(self, fee_type, fee_value, base_amount, currency=None, date=None):
        """The one fee rule: `fee_value` percent of `base_amount`, or `fee_value` itself, rounded to
        `currency` (the order's, in which `base_amount` is; default the company's). A fixed fee is
        in the company's currency: converted at `date`'s rate (see `_fixed_amount`)."""
        self.ensure_one()
        if fee_type == "percent":
            return (currency or self.currency_id).round(base_amount * fee_value / 100.0)
        if fee_type == "fixed":
            return self._fixed_amount(fee_value, currency, date)
        return 0.0

    def _service_fee(self, goods_untaxed, currency=None, date=None):
        """The service fee the plan adds to an order whose goods come to `goods_untaxed` without
        their taxes: the fee line's unit price, before the fee product's own taxes, in `currency`
        (a fixed fee converted at `date`'s rate)."""
        return self._fee_amount(self.fee_type, self.fee_value, goods_untaxed, currency, date)

    def _cancel_fee(self, layaway_total, paid, currency=None, date=None):
        """The cancellation fee the store keeps: never more than what was paid, so nothing when nothing was paid.

        With nothing paid it is 0.0 even on an empty plan, so callers need no guard of their own.
        Amounts in `currency`; a fixed fee is converted at `date`'s rate (the layaway's start).
        """
        if not paid:
            return 0.0
        fee = self._fee_amount(self.cancel_fee_type, self.cancel_fee_value, layaway_total, currency, date)
        return min(fee, paid)

    # ------------------------------------------------------------------
    # The schedule: one builder, its refusals in words, one HTML table
    # ------------------------------------------------------------------

    def _build_schedule(self, line_terms, start, currency, deposit=None, installment_count=None, service_fee=0.0):
        """The one schedule builder: schedule.build_schedule with this plan's terms.

        deposit None -> the minimum deposit; installment_count None/0 or equal to the lines' default -> the
        default count (pass requested_count=None to the pure module in that case); raises UserError with
        _schedule_error_text on a ScheduleError. Returns the pure `schedule.Schedule`.

        :param list line_terms: the order's `schedule.LineTerms` (sale.order._layaway_line_terms()).
        :param date start: the day the deposit is paid, whose rate converts a fixed deposit.
        :param currency: the order's res.currency: its rounding, the amounts in the refusals, and
            the currency a fixed deposit is converted to.
        :param float service_fee: the service fee, apart from the lines.
        """
        self.ensure_one()
        # A fixed deposit is converted at the start's rate.
        terms = self._schedule_terms(currency=currency, date=start)
        # The lines' own count is not a request: a product override may lie outside the plan's range.
        default_count = schedule.installment_count(line_terms, terms)
        requested = installment_count if installment_count and installment_count != default_count else None
        try:
            if deposit is None:
                deposit = schedule.min_deposit(line_terms, terms, service_fee, currency.rounding)
            return schedule.build_schedule(
                line_terms,
                terms,
                start=start,
                service_fee=service_fee,
                deposit_paid=deposit,
                rounding=currency.rounding,
                requested_count=requested,
            )
        except schedule.ScheduleError as error:
            raise UserError(self._schedule_error_text(error, currency)) from error

    @api.model
    def _schedule_error_text(self, error, currency=None):
        """A `schedule.ScheduleError` as a sentence in the user's language.

        Amounts are formatted with `currency` when one is given, else as numbers in the user's language.
        """
        params = dict(error.params)
        for name in SCHEDULE_ERROR_AMOUNTS & params.keys():
            value = Decimal(str(params[name]))
            if currency:
                params[name] = formatLang(self.env, float(value), currency_obj=currency)
            else:
                # As many decimals as the pure module kept (the currency's).
                params[name] = formatLang(self.env, float(value), digits=max(-value.as_tuple().exponent, 0))
        sentences = {
            schedule.DEPOSIT_BELOW_MINIMUM: lambda: self.env._(
                "The deposit must be at least %(minimum)s.", minimum=params["minimum"]
            ),
            schedule.DEPOSIT_ABOVE_TOTAL: lambda: self.env._(
                "The deposit cannot be more than the total of %(total)s.", total=params["total"]
            ),
            schedule.COUNT_OUT_OF_RANGE: lambda: self.env._(
                "Choose between %(minimum)s and %(maximum)s installments.",
                minimum=params["installment_min"],
                maximum=params["installment_max"],
            ),
            schedule.NO_INSTALLMENT: lambda: self.env._("A layaway needs at least one installment."),
            schedule.NEGATIVE_BALANCE: lambda: self.env._(
                "The balance cannot be negative (%(balance)s).", balance=params["balance"]
            ),
            schedule.FIRST_DUE_BEFORE_START: lambda: self.env._(
                "The first installment cannot be due before the start."
            ),
            schedule.PERIOD_DAYS_NOT_POSITIVE: lambda: self.env._("Set the days between installments (more than 0)."),
            schedule.UNKNOWN_PERIOD: lambda: self.env._(
                "The installment period '%(period)s' is unknown: choose one of the plan's periods.",
                period=params["period"],
            ),
            schedule.ROUNDING_NOT_POSITIVE: lambda: self.env._(
                "The currency rounding must be positive, not %(rounding)s: correct the currency.",
                rounding=params["rounding"],
            ),
            schedule.PAYMENT_NOT_POSITIVE: lambda: self.env._("A payment must be more than zero."),
            schedule.PAID_BEFORE_NEGATIVE: lambda: self.env._("The amount already paid cannot be negative."),
            schedule.PAYMENT_EXCEEDS_BALANCE: lambda: self.env._(
                "A payment of %(amount)s exceeds the balance of %(balance)s.",
                amount=params["amount"],
                balance=params["balance"],
            ),
        }
        if error.code in sentences:
            return sentences[error.code]()
        # A code the pure module gained but this table did not: still a sentence, with the details for support.
        return self.env._("The layaway schedule cannot be made (%(error)s).", error=str(error))


def _check_amount_terms(env, plan_name, kind, value, label):
    """Percentages lie in [0, 100], amounts are not negative."""
    if kind == "percent" and not 0.0 <= value <= 100.0:
        raise ValidationError(
            env._(
                "Plan '%(name)s': the %(label)s percentage must be between 0 and 100 (got %(value)s).",
                name=plan_name,
                label=label,
                value=value,
            )
        )
    if kind in ("fixed", "none") and value < 0:
        raise ValidationError(
            env._(
                "Plan '%(name)s': the %(label)s amount cannot be negative (got %(value)s).",
                name=plan_name,
                label=label,
                value=value,
            )
        )
