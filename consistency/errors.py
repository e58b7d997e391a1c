"""Domain errors. The CLI turns each into one line on stderr and a non-zero exit."""

from __future__ import annotations


class ConsistError(Exception):
    """Base for every error a user should see as a message, not a traceback."""

    exit_code = 1


class ArticleError(ConsistError):
    """The input file cannot be read as an article (missing, empty, binary, too large, ...)."""

    exit_code = 2


class VerdictError(ConsistError):
    """A verdict that cannot be recorded as given (unknown claims, no finding between them, a bad word)."""

    exit_code = 2


class StoreError(ConsistError):
    """The store cannot be opened or is inconsistent in a way we cannot repair automatically."""

    exit_code = 4


class StoreMissingError(StoreError):
    """No store at the path a reader (or `check`) was given: only `consist add` creates one, so a
    mistyped --index-dir is an error, never a silent empty store."""

    def __init__(self, directory: object) -> None:
        super().__init__(
            f"{directory}: no store here; create one with `consist add FILE_OR_FOLDER --index-dir {directory}`"
        )


class StoreBusyError(StoreError):
    """Another process holds the store for writing."""

    exit_code = 5


class ModelError(ConsistError):
    """A model (embedding, spaCy, optional NLI) cannot be loaded from local files."""

    exit_code = 6


class ClusterError(ConsistError):
    """`add --ray` cannot run: Ray is not installed, cannot start, or the cluster cannot be reached."""

    exit_code = 7
