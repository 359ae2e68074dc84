from odoo import models


class SmsComposer(models.TransientModel):
    """Odoo's SMS composer, as the layaway reminders use it in mass mode."""

    _inherit = "sms.composer"

    def _get_done_record_ids(self, records, recipients_info):
        # A mass mailing sends one SMS per number; a reminder is about one installment or layaway,
        # so a customer with two of them due gets both.
        if self.env.context.get("layaway_reminder"):
            return []
        return super()._get_done_record_ids(records, recipients_info)
