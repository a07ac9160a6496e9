"""`python -m dvmeet`: the same as the `dvmeet` command."""

import sys

from dvmeet.cli import main

sys.exit(main())
