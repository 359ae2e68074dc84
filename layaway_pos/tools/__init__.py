from . import batch
from . import schedule
from . import states
