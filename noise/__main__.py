"""``python -m noise``: the same as the ``noise`` command."""

from noise.cli import main

main()
