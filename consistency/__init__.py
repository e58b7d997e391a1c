"""consist: cross-article claim consistency for news.

The library works without the CLI: `check(path, store)` returns a `CheckResult`.
"""

from __future__ import annotations

from consistency.models import CheckResult

__version__ = "0.1.0"


def check(path: str, index_dir: str = "indexes", *, dry_run: bool = False) -> CheckResult:
    """Check one article file against the store in `index_dir` (and record it unless dry_run).

    The store must exist (`consist add` makes one): a missing one raises StoreMissingError."""
    from consistency.pipeline import check_file
    from consistency.store import Store

    with Store.open(index_dir, read_only=dry_run, create=False) as store:
        return check_file(path, store, dry_run=dry_run)


__all__ = ["CheckResult", "__version__", "check"]
