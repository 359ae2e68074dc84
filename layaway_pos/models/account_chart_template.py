from odoo import models


class AccountChartTemplate(models.AbstractModel):
    """Gives a company that loads its chart of accounts the layaway accounts."""

    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        # A company that gets its chart after the module is installed gets the layaway accounts too.
        result = super()._post_load_data(template_code, company, template_data)
        self.env["res.company"]._layaway_setup_accounts(company)
        return result
