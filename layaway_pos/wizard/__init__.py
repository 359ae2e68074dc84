from . import layaway_wizard_mixin
from . import layaway_start_wizard
from . import layaway_payment_wizard
from . import layaway_complete_wizard
from . import layaway_cancel_wizard
from . import layaway_extend_wizard
