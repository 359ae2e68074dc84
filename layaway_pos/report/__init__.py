from . import layaway_payment_report, layaway_report
