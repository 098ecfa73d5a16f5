"""The circuit breaker's states, on a clock the test moves (no waiting, no time limits)."""

from __future__ import annotations

import threading

import pytest

from aether_kit.breaker import (
    CLOSED,
    HALF_OPEN,
    OPEN,
    CircuitBreaker,
    CircuitOpen,
    get_breaker,
    reset_breakers,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def breaker(clock: Clock) -> CircuitBreaker:
    made = CircuitBreaker("the dependency", backoff=10)
    made.clock = clock  # type: ignore[method-assign]
    return made


def fail(breaker: CircuitBreaker) -> None:
    with pytest.raises(TimeoutError), breaker.guard((TimeoutError,)):
        raise TimeoutError("no answer")


def answer(breaker: CircuitBreaker) -> str:
    with breaker.guard((TimeoutError,)):
        return "answered"


def test_a_new_breaker_lets_calls_through(breaker):
    assert answer(breaker) == "answered"
    assert breaker.state == CLOSED


def test_one_failure_opens_it(breaker):
    fail(breaker)

    assert breaker.state == OPEN


def test_an_open_breaker_refuses_calls_without_running_them(breaker):
    fail(breaker)
    ran = []

    with pytest.raises(CircuitOpen, match="the dependency"), breaker.guard((TimeoutError,)):
        ran.append(True)

    assert ran == []


def test_the_refusal_says_when_the_next_try_is(breaker, clock):
    fail(breaker)
    clock.now += 4

    assert breaker.open_error().retry_in == pytest.approx(6)


def test_other_errors_mean_the_dependency_answered(breaker):
    with pytest.raises(KeyError), breaker.guard((TimeoutError,)):
        raise KeyError("a wrong question, answered")

    assert breaker.state == CLOSED


def test_after_the_backoff_it_is_half_open(breaker, clock):
    fail(breaker)
    clock.now += 10

    assert breaker.state == HALF_OPEN


def test_a_successful_probe_closes_it(breaker, clock):
    fail(breaker)
    clock.now += 10

    answer(breaker)

    assert breaker.state == CLOSED
    assert answer(breaker) == "answered"


def test_a_failed_probe_opens_it_for_another_backoff(breaker, clock):
    fail(breaker)
    clock.now += 10

    fail(breaker)
    clock.now += 9

    assert breaker.state == OPEN


def allowed_in_another_thread(breaker: CircuitBreaker) -> bool:
    answers: list[bool] = []
    thread = threading.Thread(target=lambda: answers.append(breaker.allow()))
    thread.start()
    thread.join()
    return answers[0]


def test_only_one_caller_probes_at_a_time(breaker, clock):
    fail(breaker)
    clock.now += 10
    assert breaker.allow()  # this thread probes

    assert allowed_in_another_thread(breaker) is False


def test_a_probe_that_never_reports_is_replaced_after_a_backoff(breaker, clock):
    fail(breaker)
    clock.now += 10
    assert breaker.allow()
    clock.now += 10

    assert allowed_in_another_thread(breaker) is True


def test_the_backoff_setting_is_read_at_each_failure(settings, clock):
    settings.DEPENDENCY_BACKOFF = 2.5
    breaker = CircuitBreaker("configured")
    breaker.clock = clock  # type: ignore[method-assign]

    fail(breaker)

    assert breaker.retry_in() == pytest.approx(2.5)


def test_one_breaker_per_dependency_name():
    assert get_breaker("Redis at a:1") is get_breaker("Redis at a:1")
    assert get_breaker("Redis at a:1") is not get_breaker("Redis at a:2")


def test_reset_closes_every_breaker():
    opened = get_breaker("Redis at reset:1")
    fail(opened)

    reset_breakers()

    assert opened.state == CLOSED
