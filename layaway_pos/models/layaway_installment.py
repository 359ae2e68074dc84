from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from ..tools.batch import commit_progress, report_remaining


class LayawayInstallment(models.Model):
    """One scheduled part of a layaway's balance."""

    _name = "layaway.installment"
    _description = "Layaway Installment"
    _order = "order_id, due_date, sequence"
    _check_company_auto = True

    order_id = fields.Many2one("sale.order", "Layaway", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    sequence = fields.Integer(required=True)
    due_date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    amount_paid = fields.Monetary(default=0.0)
    amount_residual = fields.Monetary("Left to Pay", compute="_compute_amount_residual", store=True)
    state = fields.Selection(
        [("pending", "Pending"), ("partial", "Partially Paid"), ("paid", "Paid"), ("overdue", "Overdue")],
        default="pending",
        required=True,
    )

    # The daily job looks for unpaid installments by due date.
    _due_state_idx = models.Index("(due_date, state) WHERE state IN ('pending', 'partial')")
    # The analysis (layaway.report) ages the unpaid installments by layaway from this index alone.
    _unpaid_aging_idx = models.Index("(order_id) INCLUDE (due_date, amount_residual) WHERE state != 'paid'")

    @api.depends("amount", "amount_paid")
    def _compute_amount_residual(self):
        for installment in self:
            installment.amount_residual = installment.currency_id.round(installment.amount - installment.amount_paid)

    def _values_for_paid(self, amount_paid):
        """What to write when the installment's paid amount becomes `amount_paid`."""
        self.ensure_one()
        if self.currency_id.compare_amounts(amount_paid, self.amount) >= 0:
            state = "paid"
        elif self.state == "overdue":
            state = "overdue"  # still late until fully paid
        elif self.currency_id.is_zero(amount_paid):
            state = "pending"
        else:
            state = "partial"
        return {"amount_paid": amount_paid, "state": state}

    @api.model
    def _mark_overdue(self, today, batch_size=1000):
        """Mark overdue the unpaid installments of active layaways late beyond their plan's
        grace days, in committed batches (the plans of the same grace at a time).

        Each batch starts after the last id of the previous one (no batch reads again the rows
        marked before it). Marking an unpaid installment overdue changes only its layaway's
        overdue flag: the next due date and amount are those of the earliest unpaid installment,
        which stays unpaid. The flag is set, not recomputed from every installment of the batch's
        layaways.

        :return: False when the run's time was up before all were marked (tools/batch.py)."""
        SaleOrder = self.env["sale.order"]
        status = [
            SaleOrder._fields[name]
            for name in ("layaway_next_due_date", "layaway_next_due_amount", "layaway_is_overdue")
        ]
        plans = self.env["layaway.plan"].with_context(active_test=False).search([])  # pylint: disable=no-search-all
        for grace_days, same_grace in sorted(plans.grouped("grace_days").items()):
            domain = Domain(
                [
                    ("state", "in", ("pending", "partial")),
                    ("due_date", "<", today - timedelta(days=grace_days)),
                    ("order_id.layaway_plan_id", "in", same_grace.ids),
                    ("order_id.layaway_state", "=", "active"),
                ]
            )
            last_id = 0
            while batch := self.search(domain & Domain("id", ">", last_id), limit=batch_size, order="id"):
                last_id = batch.ids[-1]
                orders = batch.order_id
                with self.env.protecting(status, orders):
                    batch.write({"state": "overdue"})
                    # Protected: a plain field write, no recompute (the layaways are active).
                    orders.filtered(lambda order: not order.layaway_is_overdue).layaway_is_overdue = True
                if not commit_progress(self.env, len(batch)):
                    report_remaining(self.env, self.search_count(domain & Domain("id", ">", last_id)))
                    return False
        return True
