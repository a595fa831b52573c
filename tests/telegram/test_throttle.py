"""The preview throttle: one action per interval, pushed back by a 429's retry_after."""

from adapters.telegram.streaming import Throttle


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_allows_one_action_per_interval() -> None:
    ticks = Ticks()
    throttle = Throttle(1.0, ticks)
    assert throttle.ready()
    ticks.now += 0.5
    assert not throttle.ready()
    ticks.now += 0.5
    assert throttle.ready()


def test_retry_after_holds_previews_back() -> None:
    ticks = Ticks()
    throttle = Throttle(1.0, ticks)
    throttle.hold_off(30)
    ticks.now += 29.9
    assert not throttle.ready()
    ticks.now += 0.1
    assert throttle.ready()
