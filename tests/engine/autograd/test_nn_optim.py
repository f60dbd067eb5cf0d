"""SGD and its learning-rate schedules: micrograd's update rule and its 1.0 → 0.1 decay."""

import pytest

from engine.autograd.nn import MLP
from engine.autograd.optim import SGD, Constant, LinearDecay
from engine.autograd.value import Value


def test_step_moves_each_parameter_against_its_gradient():
    w, b = Value(0.09), Value(-0.9)
    w.grad, b.grad = -3.62, -3.62
    SGD([w, b], lr=0.05).step()
    assert (w.data, b.data) == (0.09 + -0.05 * -3.62, -0.9 + -0.05 * -3.62)


def test_a_number_means_a_constant_rate():
    opt = SGD([], lr=0.1)
    assert opt.schedule == Constant(0.1)
    rates = [opt.step() for _ in range(3)]
    assert rates == [0.1, 0.1, 0.1]


def test_linear_decay_is_micrograd_demo_schedule():
    schedule = LinearDecay()
    assert [schedule(k) for k in range(100)] == [1.0 - 0.9 * k / 100 for k in range(100)]
    assert schedule(0) == 1.0
    assert schedule(100) == pytest.approx(0.1)


def test_linear_decay_holds_its_last_rate_after_the_last_step():
    schedule = LinearDecay(1.0, 0.9, 100)
    assert schedule(250) == schedule(100)


def test_optimizer_steps_through_the_schedule():
    opt = SGD([Value(0.0)], lr=LinearDecay(1.0, 0.9, 100))
    assert [opt.step() for _ in range(3)] == [1.0, 0.991, 0.982]
    assert opt.steps == 3
    assert opt.lr == 1.0 - 0.9 * 3 / 100


def test_schedules_describe_themselves():
    assert str(LinearDecay()) == "lr = 1.0 - 0.9*k/100"
    assert str(Constant(0.05)) == "lr = 0.05"


def test_zero_grad_clears_the_optimizer_parameters():
    model = MLP(2, [3, 1], seed=0)
    model([1.0, -1.0]).backward()
    opt = SGD(model.parameters())
    opt.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_a_few_steps_reduce_a_quadratic_loss():
    x = Value(3.0)
    opt = SGD([x], lr=0.1)
    losses = []
    for _ in range(5):
        loss = (x - 1.0) ** 2
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.data)
    assert losses == sorted(losses, reverse=True)
    assert x.data == pytest.approx(1.0 + 2.0 * 0.8**5)
