from odoo.tests import HttpCase, tagged

from odoo.addons.web.tests.test_js import unit_test_error_checker


@tagged("post_install", "-at_install")
class TestPosLayawayHoot(HttpCase):
    """The front end's pure logic (static/tests/unit), run by hoot in headless Chromium."""

    def test_layaway_hoot_unit_tests(self):
        self.browser_js(
            "/web/tests?headless&loglevel=2&timeout=15000&filter=%40layaway_pos%2F",
            "",
            "",
            login="admin",
            timeout=900,
            success_signal="[HOOT] Test suite succeeded",
            error_checker=unit_test_error_checker,
        )
