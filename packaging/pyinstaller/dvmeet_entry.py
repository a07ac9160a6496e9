"""Entry point of the frozen program: the same command line as `uv run dvmeet`."""

import sys

from dvmeet.cli import main

if __name__ == "__main__":
    sys.exit(main())
