"""``python -m skimb``: the skimb command."""

import sys

from .cli import main

sys.exit(main())
