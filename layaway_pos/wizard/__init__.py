# ruff: isort: skip_file
# The mixin first: the wizards that inherit it are registered after it.
from . import layaway_wizard_mixin
from . import layaway_start_wizard
from . import layaway_payment_wizard
from . import layaway_complete_wizard
from . import layaway_cancel_wizard
from . import layaway_extend_wizard
from . import layaway_liability_wizard
from . import layaway_bulk_wizard
from . import sms_composer
from . import layaway_reschedule_wizard
from . import layaway_change_wizard
from . import layaway_pickup_wizard
from . import layaway_transfer_wizard
