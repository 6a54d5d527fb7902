"""``python -m analytics``: one module per command, registered in :mod:`analytics.cli.main`."""
