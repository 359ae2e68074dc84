from ast import literal_eval

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class LayawayLiabilityWizard(models.TransientModel):
    """Ask for the date and company of the Customer Deposits reconciliation, then open it."""

    _name = "layaway.liability.wizard"
    _description = "Customer Deposits Reconciliation"
    _check_company_auto = True

    # The company's day: the reconciliation's dates are the company's.
    date = fields.Date(required=True, default=lambda self: self.env.company._layaway_today())
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    account_id = fields.Many2one(related="company_id.layaway_deposit_account_id", string="Customer Deposits Account")

    def action_open_report(self):
        """Open the reconciliation at the wizard's date for its company, as a full page."""
        self.ensure_one()
        if not self.account_id:
            raise UserError(
                self.env._(
                    "Set the Customer Deposits account of %(company)s in Sales > Configuration > Settings > Layaway.",
                    company=self.company_id.name,
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id("layaway_pos.action_layaway_liability_report")
        action["name"] = self.env._(
            "Customer Deposits Reconciliation at %(date)s", date=format_date(self.env, self.date)
        )
        action["context"] = {
            **literal_eval(action.get("context") or "{}"),
            "layaway_liability_date": fields.Date.to_string(self.date),
            "layaway_liability_company_id": self.company_id.id,
        }
        return action
