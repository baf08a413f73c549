"""Shared test setup. PTB 22 warns inside RetryAfter unless PTB_TIMEDELTA is set; with warnings as
errors that warning would replace the exception under test, so it is set before telegram is imported.
"""

import os

os.environ.setdefault("PTB_TIMEDELTA", "1")
