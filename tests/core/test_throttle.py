from bot.core.throttle import SlidingWindowLimit


def test_limit_opens_again_when_the_window_has_passed():
    now = [0.0]
    limit = SlidingWindowLimit(events=2, window_seconds=60, clock=lambda: now[0])
    limit.record("a")
    limit.record("a")
    assert limit.retry_after("a") == 60 and limit.retry_after("b") == 0
    now[0] = 30
    assert limit.retry_after("a") == 30
    now[0] = 61
    assert limit.retry_after("a") == 0


def test_reset_forgets_a_key():
    limit = SlidingWindowLimit(events=1, window_seconds=60)
    limit.record("a")
    assert limit.retry_after("a") > 0
    limit.reset("a")
    assert limit.retry_after("a") == 0
