"""`python -m consistency` is `consist` (works before the console script is on PATH)."""

from consistency.cli import main

main()
