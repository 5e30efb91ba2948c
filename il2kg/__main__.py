"""``python -m il2kg``: the same as the ``il2kg`` command."""

import sys

from il2kg.cli.app import main

if __name__ == "__main__":
    sys.exit(main())
