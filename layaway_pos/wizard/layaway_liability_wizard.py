from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date


class LayawayLiabilityWizard(models.TransientModel):
    """The date and company of a Customer Deposits reconciliation, and the action that opens it
    (from the menu, and from the date in the report's control panel: ``action_open_at``)."""

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

    @api.model
    def action_open_at(self, date=False, company_id=False):
        """The reconciliation as its own page, at `date` (default: the company's today) for
        `company_id` (default: the current company, one of the user's): the menu opens it at
        today, and the date in its control panel opens it again at another day."""
        company = self.env.company
        if company_id:
            company = self.env["layaway.input"]._record("res.company", company_id, self.env._("The company"))
            if company not in self.env.companies:
                raise AccessError(
                    self.env._("Switch to %(company)s to reconcile its Customer Deposits.", company=company.name)
                )
        values = {"company_id": company.id}
        if date:
            values["date"] = self.env["layaway.input"]._date(date, self.env._("The reconciliation date"))
        return self.create(values).action_open_report()

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
