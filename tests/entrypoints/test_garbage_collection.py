"""Start-up objects leave the cycle collector's generations, start-up garbage is freed rather than kept,
and young objects are collected in larger batches."""

import gc
import weakref
from collections.abc import Iterator

import pytest

from entrypoints.garbage_collection import YOUNG_THRESHOLD, tune_garbage_collection


class Node:
    def __init__(self) -> None:
        self.partner: Node | None = None


@pytest.fixture
def restored_collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restored_collector")
def test_live_start_up_objects_are_frozen_and_start_up_garbage_is_freed() -> None:
    kept = Node()
    garbage, other = Node(), Node()
    garbage.partner, other.partner = other, garbage  # a cycle only the collector can free
    gone = weakref.ref(garbage)
    del garbage, other

    tune_garbage_collection()

    assert gone() is None
    assert gc.get_freeze_count() > 0
    assert not any(obj is kept for obj in gc.get_objects())  # no generation holds it any more


@pytest.mark.usefixtures("restored_collector")
def test_young_objects_are_collected_in_larger_batches() -> None:
    _, middle, old = gc.get_threshold()

    tune_garbage_collection()

    assert gc.get_threshold() == (YOUNG_THRESHOLD, middle, old)
