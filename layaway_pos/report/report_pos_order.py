from odoo import models, tools

from .sale_report import LAYAWAY_POS_NOT_SALE_LINE


class ReportPosOrder(models.Model):
    """POS analysis never counts a layaway payment taken at the register as a sale, nor the
    cancellation fee kept when a layaway is cancelled there.

    The goods of a layaway completed at the register are counted then, on the order that
    hands them over; the deposits deducted on that order are not.
    """

    _inherit = "report.pos.order"

    def init(self):
        """The POS analysis view, counting a layaway's goods at pick-up only."""
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Only the table name and constant SQL are interpolated.
        self.env.cr.execute(  # pylint: disable=sql-injection
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                {self._select()}
                {self._from()}
                WHERE NOT {LAYAWAY_POS_NOT_SALE_LINE}
            )
            """
        )
