from . import test_layaway_plan
from . import test_layaway_lifecycle
from . import test_layaway_properties
from . import test_layaway_api
