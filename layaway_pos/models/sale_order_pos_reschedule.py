from odoo import api, fields, models


class SaleOrder(models.Model):
    """Reschedule at the register (managers): the same rules as the back office's, previewed first."""

    _inherit = "sale.order"

    @api.model
    def layaway_pos_reschedule_preview(self, order_id, config_id, installment_count=False, first_due_date=False):
        """The schedule a reschedule at the register would give: it writes nothing.

        :param int installment_count: all of the layaway's installments, paid ones included, within
            the plan's range (default: unchanged).
        :param str first_due_date: ``YYYY-MM-DD``, when the first installment still to pay falls due
            (default: the first unpaid installment's, today if it is past).
        :raises AccessError: the user is not a layaway manager, or the register or the layaway not theirs.
        :raises UserError: as ``action_layaway_reschedule``.
        :return: {"installment_count", "installments": [{sequence, due_date, amount, amount_paid, kept}]}
        """
        order = self._layaway_pos_reschedule_order(order_id, config_id)
        count, kept, _unpaid, new_rows = order._layaway_reschedule_plan(installment_count, first_due_date)
        closed = [
            {
                "sequence": i.sequence,
                "due_date": fields.Date.to_string(i.due_date),
                # A partly paid installment is closed at what was paid.
                "amount": i.amount_paid,
                "amount_paid": i.amount_paid,
                "kept": True,
            }
            for i in kept
        ]
        return {
            "installment_count": count,
            "installments": closed
            + [
                {
                    "sequence": sequence,
                    "due_date": fields.Date.to_string(due),
                    "amount": amount,
                    "amount_paid": 0.0,
                    "kept": False,
                }
                for sequence, (due, amount) in enumerate(new_rows, len(kept) + 1)
            ],
        }

    @api.model
    def layaway_pos_reschedule(self, order_id, config_id, installment_count=False, first_due_date=False):
        """Reschedule at the register: ``action_layaway_reschedule`` for a manager at a register of
        the layaway's company (recorded in the chatter, the customer emailed).

        :return: the layaway's ``layaway_pos_detail``.
        """
        order = self._layaway_pos_reschedule_order(order_id, config_id)
        order.action_layaway_reschedule(installment_count, first_due_date)
        return self.layaway_pos_detail(order.id, config_id)

    @api.model
    def _layaway_pos_reschedule_order(self, order_id, config_id):
        """The layaway a manager reschedules at the register, checked before any sudo: the user is a
        cashier of the register's company and a layaway manager, the layaway is of that company and active."""
        config = self._layaway_pos_config(config_id)
        self._layaway_check_group(manager=True)
        order = self._layaway_pos_order(order_id, config)
        order._layaway_check_state(("active",), "reschedule")
        return order

    def _layaway_pos_reschedule_terms(self):
        """What the register's Reschedule dialog starts from (only for a manager and an active layaway)."""
        self.ensure_one()
        if self.layaway_state != "active" or not self.env.user.has_group("layaway_pos.group_layaway_manager"):
            return False
        return {
            "installment_count": self.layaway_installment_count,
            "installment_min": self.layaway_plan_id.installment_min,
            "installment_max": self.layaway_plan_id.installment_max,
            "first_due_date": fields.Date.to_string(self._layaway_reschedule_default_date()),
        }
