"""Bounded memories of work already done: parses, vectors and store rows met lately.

News repeats itself (wire copies, boilerplate, the same neighbours article after article), so
several stages keep what they computed for a key. Each memory is a plain dict with a size cap;
when the next items would pass the cap it starts again (the items never change, so nothing is
ever stale), and a batch larger than the cap is not kept at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def remember(memory: dict[K, V], items: dict[K, V], cap: int) -> None:
    """Add `items`, emptying the memory first when they would pass `cap`."""
    if len(memory) + len(items) > cap:
        memory.clear()
    if len(items) <= cap:
        memory.update(items)


def each_once(
    keys: list[K], memory: dict[K, V], lock: threading.Lock, cap: int, compute: Callable[[list[K]], Iterable[V]]
) -> dict[K, V]:
    """A value for every key: remembered, or computed in one call for the distinct keys not yet met."""
    with lock:
        known = {k: memory[k] for k in set(keys) if k in memory}
    todo = [k for k in dict.fromkeys(keys) if k not in known]
    if todo:
        fresh = dict(zip(todo, compute(todo), strict=True))
        known.update(fresh)
        with lock:
            remember(memory, fresh, cap)
    return known
