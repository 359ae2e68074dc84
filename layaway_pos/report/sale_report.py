from odoo import models

# A POS order line is no sale when it carries the layaway deposit product (a payment) or the
# cancellation-fee product (a fee kept on a cancellation) for a layaway, or is linked to one of
# a layaway's down-payment lines (pos_sale's machinery).
LAYAWAY_POS_NOT_SALE_LINE = """(
    EXISTS (
        SELECT 1
          FROM sale_order layaway_so
         WHERE layaway_so.layaway_plan_id IS NOT NULL
           AND layaway_so.id = l.sale_order_origin_id
           AND l.product_id IN (
                SELECT pp.id
                  FROM product_product pp
                  JOIN ir_model_data imd
                    ON imd.res_id = pp.product_tmpl_id
                   AND imd.model = 'product.template'
                   AND imd.module = 'layaway_pos'
                   AND imd.name IN ('product_layaway_deposit', 'product_layaway_cancel_fee')
           )
    )
    OR EXISTS (
        SELECT 1
          FROM sale_order_line layaway_sol
          JOIN sale_order layaway_so ON layaway_so.id = layaway_sol.order_id
         WHERE layaway_sol.id = l.sale_order_line_id
           AND layaway_sol.is_downpayment
           AND layaway_so.layaway_plan_id IS NOT NULL
    )
)"""


class SaleReport(models.Model):
    """Sales analysis counts layaway goods when they are handed over, never a deposit.

    A layaway is confirmed when it starts, but its goods are sold at completion: open
    layaways (active, paid, expired) are left out, a done one is dated at its completion
    (``layaway_closed_date``); an installment sale (revenue at start) is a sale from its
    start. A layaway's down-payment lines (deposits and installments, from any channel) are
    never sales. Nor is a cancellation fee kept: in the back office it
    is a credit note's line (no sale order line), at the register the POS order's fee line
    is left out.
    """

    _inherit = "sale.report"

    def _select_sale(self):
        select = super()._select_sale()
        original = "s.date_order AS date"
        if original not in select:  # another module rewrote it: keep theirs rather than break the view
            return select
        return select.replace(
            original,
            "CASE WHEN s.layaway_state = 'done' AND s.layaway_recognition IS DISTINCT FROM 'on_start' "
            "THEN COALESCE(s.layaway_closed_date::timestamp, s.date_order) "
            "ELSE s.date_order END AS date",
        )

    def _where_sale(self):
        return (
            super()._where_sale()
            + """
            AND (
                s.layaway_state IS NULL
                OR s.layaway_state NOT IN ('active', 'paid', 'expired')
                OR s.layaway_recognition = 'on_start'
            )
            AND NOT (s.layaway_plan_id IS NOT NULL AND l.is_downpayment IS TRUE)"""
        )

    def _group_by_sale(self):
        return (
            super()._group_by_sale()
            + ",\n            s.layaway_state,\n            s.layaway_closed_date,\n            s.layaway_recognition"
        )

    def _where_pos(self):
        return super()._where_pos() + f"\n            AND NOT {LAYAWAY_POS_NOT_SALE_LINE}"
