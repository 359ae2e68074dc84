{
    "name": "Layaway at the Point of Sale",
    "version": "19.0.1.2.0",
    "category": "Sales/Point of Sale",
    "summary": "Reserve goods with a deposit, pay in scheduled installments, "
    "take them home when paid: at the register and in the back office",
    "author": "layaway_pos developers",
    "website": "https://example.com/layaway_pos",
    "license": "LGPL-3",
    "depends": [
        "account",
        # Customers pay their layaways online (portal and pay links) through Odoo's providers.
        "account_payment",
        "payment",
        "point_of_sale",
        "pos_sale",
        "sale_management",
        "sale_stock",
        "sms",
    ],
    # The property tests (tests/test_layaway_properties.py) generate layaway lives with it.
    "external_dependencies": {"python": ["hypothesis"]},
    "data": [
        "security/layaway_security.xml",
        "security/ir.model.access.csv",
        "security/ir.model.access-report.csv",
        "security/layaway_report_security.xml",
        "data/layaway_data.xml",
        "data/ir_cron.xml",
        "data/layaway_pos_data.xml",
        "views/layaway_plan_views.xml",
        "views/product_template_views.xml",
        # Before the order form, whose Hold Tags button opens it.
        "report/layaway_hold_tag_report.xml",
        "wizard/layaway_transfer_wizard_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/pos_res_config_settings_views.xml",
        "wizard/layaway_start_wizard_views.xml",
        "wizard/layaway_payment_wizard_views.xml",
        "wizard/layaway_cancel_wizard_views.xml",
        "wizard/layaway_extend_wizard_views.xml",
        "wizard/layaway_reschedule_wizard_views.xml",
        "report/layaway_contract_report.xml",
        "views/layaway_menus.xml",
        "data/mail_template_data.xml",
        "data/sms_template_data.xml",
        "data/ir_cron_reminder.xml",
        "data/ir_cron_autopay.xml",
        "wizard/layaway_liability_wizard_views.xml",
        "wizard/layaway_bulk_wizard_views.xml",
        "views/layaway_report_views.xml",
        "views/layaway_portal_templates.xml",
        "views/layaway_report_menus.xml",
    ],
    "demo": [
        "demo/layaway_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "assets": {
        "point_of_sale._assets_pos": [
            "layaway_pos/static/src/app/**/*",
        ],
        "web.assets_backend": [
            "layaway_pos/static/src/backend/**/*",
        ],
        "web.assets_tests": [
            "layaway_pos/static/tests/tours/**/*",
        ],
        "web.assets_unit_tests": [
            "layaway_pos/static/tests/unit/**/*",
        ],
    },
}
