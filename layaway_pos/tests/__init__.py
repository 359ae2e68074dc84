from . import test_layaway_plan
from . import test_layaway_lifecycle
