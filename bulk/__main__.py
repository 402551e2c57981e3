"""``python -m bulk``: the partner toolkit's command line."""

from bulk.cli import main

main()
