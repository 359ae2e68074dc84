"""19.0.1.2.0: a layaway stores the day it closed (``sale_order.layaway_closed_date``).

The reports used to derive that day from the documents on every read; layaways closed
before this version get it from the same documents once, here.
"""


def migrate(cr, version):
    """Completed and cancelled layaways without a closed date get it from their documents.

    Done: the final invoice's date or the last register order's day, whichever is later.
    Cancelled: the cancellation credit note's date. Failing those (a cancelled layaway with
    nothing paid has no document), the day the order was last written.
    """
    if not version:
        return
    cr.execute(
        """
        UPDATE sale_order s
           SET layaway_closed_date = CASE
                WHEN s.layaway_state = 'done' THEN COALESCE(
                    GREATEST(
                        (SELECT MAX(am.date)
                           FROM sale_order_line sol
                           JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                           JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                           JOIN account_move am ON am.id = aml.move_id
                          WHERE sol.order_id = s.id
                            AND sol.is_downpayment IS NOT TRUE
                            AND am.state = 'posted'
                            AND am.move_type = 'out_invoice'),
                        (SELECT MAX(po.date_order)::date
                           FROM pos_order_line pol
                           JOIN pos_order po ON po.id = pol.order_id
                          WHERE pol.sale_order_origin_id = s.id
                            AND po.state != 'cancel')
                    ),
                    s.write_date::date)
                ELSE COALESCE(
                    (SELECT refund.date FROM account_move refund WHERE refund.id = s.layaway_refund_move_id),
                    s.write_date::date)
           END
         WHERE s.layaway_state IN ('done', 'cancelled')
           AND s.layaway_closed_date IS NULL
        """
    )
