"""Returning-customer analytics: pure pandas core shared by the dashboard, the CLI and reports.

This package never imports streamlit (``tests/test_architecture.py`` checks it).
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
