"""``python -m glocal_annotator``: the same as the ``glocal-annotator`` command."""

import sys

from glocal_annotator.cli import main

sys.exit(main())
