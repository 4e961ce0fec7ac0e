"""Documents through the API (`views.py`): its own module, since only views read the clock (tests/test_clock.py)."""
