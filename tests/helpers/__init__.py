"""Shared test helpers: builders, fakes and drivers that several test modules use.

Test modules import from here, never from one another (a `test_*.py` or `conftest.py` is
collected by pytest, not a library), so moving or deleting one test cannot break another.
"""
