"""Test set-up shared by every test: Qt renders offscreen, never on a real display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# a launched app, script worker or benchmark that dies of a signal prints where (Python and
# native frames), so a crash seen once in CI says where it happened
os.environ["PYTHONFAULTHANDLER"] = "1"

# gradstep's settings (theme, font scale, geometry) go to a throwaway ini file, never the
# user's: any test that builds a MainWindow is covered (gui/settings.py reads this variable).
import tempfile

os.environ["GRADSTEP_SETTINGS"] = os.path.join(
    tempfile.mkdtemp(prefix="gradstep-test-settings-"), "settings.ini"
)
