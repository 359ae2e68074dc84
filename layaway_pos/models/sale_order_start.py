from odoo import Command, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Every channel's start of a layaway, short of taking the deposit: the checks, the
    schedule, the service fee line, the confirmation and the stock policy."""

    _inherit = "sale.order"

    def _layaway_start(self, deposit_amount, installment_count=False, start_date=None):
        """Every channel's start, short of taking the deposit: checks, schedule, stock.

        :param start_date: the day the deposit was received (default: today, in the company's
            time zone); the schedule counts from it.

        :return: the deposit, rounded to the currency, that the caller must now register.
        """
        self._layaway_lock()
        self._layaway_check_startable()
        self._layaway_accounts()
        plan = self.layaway_plan_id
        start = start_date or self.company_id._layaway_today()
        fee = plan._service_fee(self._layaway_goods_untaxed(), self.currency_id, start)
        result = plan._build_schedule(
            self._layaway_line_terms(),
            start,
            self.currency_id,
            deposit=deposit_amount,
            installment_count=installment_count or self.layaway_installment_count,
            service_fee=self._layaway_total_with_taxes(fee, self.company_id._layaway_fee_product()),
        )
        if plan.stock_policy == "reserve":
            self._layaway_check_availability()

        self._layaway_set_fee_line(fee)
        # sudo: the schedule and dates are the start's to write (see LAYAWAY_PROTECTED_FIELDS).
        self.sudo().write(
            {
                "layaway_installment_count": result.installment_count,
                "layaway_start_date": start,
                "layaway_expiry_date": result.expiry_date,
                "layaway_deposit_amount": float(result.deposit),
                "layaway_recognition": plan.recognition,
                "layaway_installment_ids": [
                    Command.create({"sequence": inst.sequence, "due_date": inst.due_date, "amount": float(inst.amount)})
                    for inst in result.installments
                ],
            }
        )
        # sudo: Billing users and managers take deposits without the sales and stock rights
        # that confirming (and its procurement) asks for.
        self.sudo().with_context(skip_procurement=plan.stock_policy == "on_completion").action_confirm()
        if plan.stock_policy == "reserve":
            self._layaway_reserve_goods()
        if plan.recognition == "on_start":
            self._layaway_invoice_sale(start)
        # The "started" email leaves with the reminders job's next pass, not with tomorrow's.
        self.env.ref("layaway_pos.ir_cron_layaway_reminders").sudo()._trigger()
        return float(result.deposit)

    def _layaway_rate_date(self):
        """The day whose rate converts the plan's fixed amounts (company currency) to the order's
        currency: the layaway's start, or today for a layaway not started yet."""
        self.ensure_one()
        return self.layaway_start_date or self.company_id._layaway_today()

    def _layaway_check_startable(self):
        self._layaway_check_state(("draft",), "start")
        if self.state not in ("draft", "sent"):
            raise UserError(self.env._("Layaway %s must be a quotation to start.", self.name))
        if not self.partner_id or self.partner_id == self.company_id.partner_id:
            raise UserError(self.env._("Set the customer of %s before starting the layaway.", self.name))
        goods = self._layaway_goods_lines()
        if not goods:
            raise UserError(self.env._("Add the goods to lay away to %s first.", self.name))
        refused = goods.product_id.filtered(lambda p: not p.layaway_ok)
        if refused:
            raise UserError(
                self.env._(
                    "These products cannot be laid away: %s. Remove them from the order, "
                    "or tick 'Can be laid away' on the product.",
                    ", ".join(refused.mapped("display_name")),
                )
            )

    def _layaway_set_fee_line(self, fee):
        """The plan's service fee as a line of the order (so it is invoiced with the goods), at
        `fee` before its product's taxes (mapped by the fiscal position), as any product's price."""
        # sudo: part of the start, once checked; Billing users and managers who take deposits
        # may have no right to add sale order lines.
        fee_line = self.sudo()._layaway_fee_line()
        if self.currency_id.is_zero(fee):
            fee_line.unlink()
            return
        product = self.company_id._layaway_fee_product()
        values = {
            "product_id": product.id,
            "name": self.env._("Layaway service fee (%s)", self.layaway_plan_id.name),
            "product_uom_qty": 1.0,
            "price_unit": fee,
            "tax_ids": [Command.set(self._layaway_product_taxes(product).ids)],
            "is_layaway_fee": True,
        }
        if fee_line:
            fee_line.write(values)
        else:
            fee_line.create({**values, "order_id": self.id})
