"""Run the command line: ``python -m analytics COMMAND ...``."""

import sys

from analytics.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
