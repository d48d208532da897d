"""Learning rate schedules: values at given steps against their formulas, config round trip."""

import json
import math

import pytest

from axon.optimizers import schedules
from axon.optimizers.schedules import (
    CosineDecay,
    ExponentialDecay,
    InverseTimeDecay,
    LearningRateSchedule,
    PiecewiseConstantDecay,
    PolynomialDecay,
)

STEPS = [0, 1, 7, 100, 250, 1000, 5000]


def test_exponential_decay():
    s = ExponentialDecay(0.1, decay_steps=100, decay_rate=0.96)
    for t in STEPS:
        assert s(t) == pytest.approx(0.1 * 0.96 ** (t / 100), rel=1e-12)
    stairs = ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5, staircase=True)
    assert [stairs(t) for t in (0, 99, 100, 199, 250)] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])


def test_inverse_time_decay():
    s = InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5)
    for t in STEPS:
        assert s(t) == pytest.approx(0.1 / (1 + 0.5 * t / 10), rel=1e-12)
    stairs = InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
    assert stairs(19) == pytest.approx(0.1 / 1.5)


def test_piecewise_constant_boundaries_belong_to_the_earlier_piece():
    s = PiecewiseConstantDecay([100, 200], [1.0, 0.5, 0.1])
    assert [s(t) for t in (0, 100, 101, 200, 201, 10 ** 6)] == [1.0, 1.0, 0.5, 0.5, 0.1, 0.1]


def test_cosine_decay_without_and_with_warmup():
    s = CosineDecay(0.1, decay_steps=1000, alpha=0.2)
    for t in STEPS:
        c = 0.5 * (1 + math.cos(math.pi * min(t, 1000) / 1000))
        assert s(t) == pytest.approx(0.1 * (0.8 * c + 0.2), rel=1e-12)
    w = CosineDecay(0.0, decay_steps=100, warmup_target=0.1, warmup_steps=50)
    assert [w(t) for t in (0, 25, 50)] == pytest.approx([0.0, 0.05, 0.1])
    assert w(100) == pytest.approx(0.05)
    assert w(150) == pytest.approx(0.0, abs=1e-15) and w(10 ** 5) == pytest.approx(0.0, abs=1e-15)


def test_polynomial_decay():
    s = PolynomialDecay(0.1, decay_steps=100, end_learning_rate=0.01, power=2.0)
    for t in STEPS:
        assert s(t) == pytest.approx(0.09 * (1 - min(t, 100) / 100) ** 2 + 0.01, rel=1e-12)
    cyc = PolynomialDecay(0.1, decay_steps=100, end_learning_rate=0.0, cycle=True)
    assert cyc(150) == pytest.approx(0.1 * (1 - 150 / 200))


@pytest.mark.parametrize("schedule", [
    ExponentialDecay(0.1, 100, 0.9, staircase=True), InverseTimeDecay(0.1, 10, 0.5),
    PiecewiseConstantDecay([10, 20], [0.1, 0.01, 0.001]), PolynomialDecay(0.1, 100, power=0.5),
    CosineDecay(0.01, 100, alpha=0.1, warmup_target=0.1, warmup_steps=10),
])
def test_serialize_round_trip_through_json(schedule):
    config = json.loads(json.dumps(schedules.serialize(schedule)))
    again = schedules.deserialize(config)
    assert type(again) is type(schedule) and again.get_config() == schedule.get_config()
    assert [again(t) for t in STEPS] == [schedule(t) for t in STEPS]


def test_invalid_arguments_quote_the_value():
    with pytest.raises(ValueError, match="decay_steps=0"):
        ExponentialDecay(0.1, decay_steps=0, decay_rate=0.9)
    with pytest.raises(ValueError, match="length 2"):
        PiecewiseConstantDecay([10, 20], [0.1, 0.01])
    with pytest.raises(ValueError, match="NoSuchDecay"):
        schedules.deserialize({"class_name": "NoSuchDecay", "config": {}})


def test_custom_schedule_subclass():
    class Halving(LearningRateSchedule):
        def __call__(self, step):
            return 1.0 / 2 ** (step // 10)

    assert Halving()(25) == 0.25
    with pytest.raises(NotImplementedError):
        Halving().get_config()
