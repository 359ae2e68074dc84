from odoo import api, models


class ReportLayawayHoldTag(models.AbstractModel):
    """The hold tags of layaways: one label per goods line set aside (report_layaway_hold_tag)."""

    _name = "report.layaway_pos.report_layaway_hold_tag"
    _description = "Layaway Hold Tag"

    @api.model
    def _get_report_values(self, docids, data=None):  # pylint: disable=unused-argument
        orders = self.env["sale.order"].browse(docids)
        # Whoever prints must be able to read the layaways (record rules included): the tags name
        # the customer. A cashier, who handles layaways at the register without sales rights,
        # prints those of their companies, as the register reads them.
        if not orders.has_access("read"):
            if not self.env.user.has_group("point_of_sale.group_pos_user"):
                orders.check_access("read")  # Odoo's refusal, naming the records
            orders = orders._layaway_pos_cashier_sudo()
        return {
            "doc_ids": orders.ids,
            "doc_model": "sale.order",
            "docs": orders,
            "lines": orders._layaway_hold_tag_lines(),
        }
