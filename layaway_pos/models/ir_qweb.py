from lxml import etree

from odoo import models

# The context key of a reminder batch's memo of compiled mail bodies (see LayawayReminder._send_reminders).
MEMO_KEY = "layaway_qweb_memo"


class IrQweb(models.AbstractModel):
    """Compile a mail template's body once per reminder batch, not once per mail.

    Mail templates render their QWeb body from its source text, parsed again for each record
    (``mail.render.mixin._render_template_qweb``), and ``ir.qweb`` caches the compilation of
    stored views only: 300 reminders compiled the same body 300 times, more than half of the
    job's time. Where the context carries a memo (a dict, set by the reminder job only), the
    compiled body is kept in it, keyed by its source and everything that changes what Odoo
    caches a compilation by (the language and branding keys, the restricted-rendering model).
    """

    _inherit = "ir.qweb"

    def _compile(self, template):
        memo = self.env.context.get(MEMO_KEY)
        if not isinstance(memo, dict) or not isinstance(template, etree._Element):
            return super()._compile(template)
        context = self.env.context
        key = (
            etree.tostring(template),
            tuple(context.get(name) or False for name in self._get_template_cache_keys()),
            context.get("raise_on_forbidden_code_for_model") or False,
        )
        if key not in memo:
            memo[key] = super()._compile(template)
        return memo[key]
