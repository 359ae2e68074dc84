from . import (
    layaway_hold_tag,
    layaway_liability_report,
    layaway_payment_report,
    layaway_report,
    report_pos_order,
    sale_report,
)
