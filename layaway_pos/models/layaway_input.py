import math
from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero, formatLang

# Longest free text kept on a layaway (a cancellation reason, a search).
TEXT_MAX_LENGTH = 1000


class LayawayInput(models.AbstractModel):
    """Checks of what users and clients send to the layaway API, before anything is read or
    written: each refusal is a UserError that says what to send instead.

    Every public method, wizard and register endpoint runs its arguments through these.
    """

    _name = "layaway.input"
    _description = "Layaway Input Checks"

    @api.model
    def _amount(self, value, currency, label, allow_zero=False):
        """A money amount: a finite number, more than zero (or zero when allowed), with no more
        decimals than `currency` has. Returns it as a float."""
        _ = self.env._
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UserError(
                _(
                    "%(label)s must be a number, such as 100.00 (received %(value)s).",
                    label=label,
                    value=repr(value)[:40],
                )
            )
        if not math.isfinite(value):
            raise UserError(_("%(label)s must be a real amount, not %(value)s.", label=label, value=value))
        if value < 0 or (not allow_zero and float_is_zero(value, precision_rounding=currency.rounding)):
            if allow_zero:
                raise UserError(_("%(label)s cannot be negative.", label=label))
            raise UserError(_("%(label)s must be more than zero.", label=label))
        if not float_is_zero(value - currency.round(value), precision_digits=currency.decimal_places + 4):
            raise UserError(
                _(
                    "%(label)s has more decimals than %(currency)s allows (%(decimals)s): for example %(example)s.",
                    label=label,
                    currency=currency.name,
                    decimals=currency.decimal_places,
                    example=formatLang(self.env, currency.round(value), currency_obj=currency),
                )
            )
        return float(value)

    @api.model
    def _quantity(self, value, uom, label, allow_zero=True):
        """A quantity of goods in `uom`: a finite number, zero or more (more than zero unless
        allowed), with no more decimals than the unit's rounding. Returns it as a float."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise UserError(
                self.env._(
                    "%(label)s must be a number, such as 1 (received %(value)s).", label=label, value=repr(value)[:40]
                )
            )
        if value < 0 or (not allow_zero and uom.is_zero(value)):
            raise UserError(
                self.env._("%(label)s must be more than zero.", label=label)
                if not allow_zero
                else self.env._("%(label)s cannot be negative: 0 removes the goods.", label=label)
            )
        if not float_is_zero(value - uom.round(value), precision_digits=8):
            raise UserError(
                self.env._(
                    "%(label)s has more decimals than the unit %(uom)s allows: for example %(example)s.",
                    label=label,
                    uom=uom.name,
                    example=uom.round(value),
                )
            )
        return float(value)

    @api.model
    def _integer(self, value, label, minimum=None, maximum=None, optional=False):
        """A whole number within [minimum, maximum]; False/None/0 passes when `optional`."""
        if optional and value in (False, None, 0):
            return False
        if isinstance(value, bool) or not isinstance(value, int):
            raise UserError(
                self.env._(
                    "%(label)s must be a whole number (received %(value)s).", label=label, value=repr(value)[:40]
                )
            )
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise UserError(
                self.env._(
                    "%(label)s must be between %(min)s and %(max)s (received %(value)s).",
                    label=label,
                    min=minimum if minimum is not None else "-",
                    max=maximum if maximum is not None else "-",
                    value=value,
                )
            )
        return value

    @api.model
    def _text(self, value, label, required=False, max_length=TEXT_MAX_LENGTH):
        """A free text, stripped; at most `max_length` characters."""
        if value in (False, None):
            value = ""
        if not isinstance(value, str):
            raise UserError(self.env._("%(label)s must be text.", label=label))
        value = value.strip()
        if required and not value:
            raise UserError(self.env._("%(label)s is required.", label=label))
        if len(value) > max_length:
            raise UserError(
                self.env._(
                    "%(label)s has %(length)s characters; shorten it to %(max)s.",
                    label=label,
                    length=len(value),
                    max=max_length,
                )
            )
        return value

    @api.model
    def _date(self, value, label):
        """A date, as a date or as YYYY-MM-DD text."""
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            parsed = fields.Date.to_date(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if not parsed:
            raise UserError(
                self.env._(
                    "%(label)s must be a date written YYYY-MM-DD (received %(value)s).",
                    label=label,
                    value=repr(value)[:40],
                )
            )
        return parsed

    @api.model
    def _record(self, model, value, label, optional=False):
        """The record of `model` with id `value`, that exists and that the user may read."""
        if optional and value in (False, None, 0):
            return self.env[model]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise UserError(
                self.env._("%(label)s must be a record id (received %(value)s).", label=label, value=repr(value)[:40])
            )
        record = self.env[model].browse(value).exists()
        if not record:
            raise UserError(
                self.env._(
                    "%(label)s %(id)s does not exist (it may have been deleted). Reload and choose again.",
                    label=label,
                    id=value,
                )
            )
        record.check_access("read")
        return record
