"""Load layaway_pos/tools/schedule.py on its own: layaway_pos/__init__.py imports Odoo."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCHEDULE_PATH = Path(__file__).resolve().parent.parent / "layaway_pos" / "tools" / "schedule.py"


def load_schedule():
    """The schedule module as `layaway_schedule` (loaded once, then from sys.modules)."""
    if "layaway_schedule" not in sys.modules:
        spec = importlib.util.spec_from_file_location("layaway_schedule", SCHEDULE_PATH)
        module = importlib.util.module_from_spec(spec)
        # Registered before running it: dataclasses look their module up in sys.modules.
        sys.modules["layaway_schedule"] = module
        spec.loader.exec_module(module)
    return sys.modules["layaway_schedule"]


load_schedule()


@pytest.fixture
def schedule():
    """The schedule module, loaded without Odoo."""
    return load_schedule()
