def post_init_hook(env):
    """Give existing companies their layaway accounts and warehouses their layaway location."""
    env["res.company"]._layaway_setup_accounts()
    for warehouse in env["stock.warehouse"].search([]):
        warehouse._layaway_location()
