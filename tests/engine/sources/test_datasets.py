"""The seed data sets, and make_moons from a seed (no scikit-learn)."""

import numpy as np
import pytest

from engine.sources.datasets import (
    house_price_training_set,
    house_prices,
    lecture_data,
    make_moons,
    signed_labels,
    xor_data,
)


def test_lecture_data_is_seed_000_four_samples():
    xs, ys = lecture_data()
    assert xs == [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    assert ys == [1.0, -1.0, -1.0, 1.0]


def test_lecture_data_is_a_fresh_copy_each_time():
    xs, _ys = lecture_data()
    xs[0][0] = 99.0
    assert lecture_data()[0][0][0] == 2.0


def test_house_prices_are_normalised_to_hundreds_of_thousands():
    xs, ys = house_prices()
    assert xs == [[1.0], [2.0], [3.0]]
    assert ys == [1.0, 2.0, 3.0]


def test_house_price_training_set_is_the_one_sample_the_article_used():
    assert house_price_training_set() == ([[1.0]], [1.0])


def test_xor_data_is_seed_001_inputs_and_targets():
    xs, ys = xor_data()
    assert xs == [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
    assert ys == [0, 1, 1, 0]


def test_moons_have_100_points_half_in_each_class():
    points, labels = make_moons()
    assert points.shape == (100, 2)
    assert points.dtype == np.float64
    assert sorted(set(labels.tolist())) == [0, 1]
    assert int(labels.sum()) == 50


def test_moons_are_reproducible_from_a_seed():
    a, la = make_moons(seed=3)
    b, lb = make_moons(seed=3)
    c, _lc = make_moons(seed=4)
    assert np.array_equal(a, b)
    assert np.array_equal(la, lb)
    assert not np.array_equal(a, c)


def test_noiseless_moons_lie_on_their_half_circles():
    points, labels = make_moons(101, noise=0.0)
    upper, lower = points[labels == 0], points[labels == 1]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    assert (upper[:, 1] >= -1e-12).all()
    assert np.allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert (lower[:, 1] <= 0.5 + 1e-12).all()
    assert (len(upper), len(lower)) == (50, 51)


def test_moons_noise_has_the_requested_spread():
    clean, labels = make_moons(2000, noise=0.0, seed=1)
    noisy, noisy_labels = make_moons(2000, noise=0.1, seed=1)
    assert np.array_equal(labels, noisy_labels)  # same shuffle, then noise
    assert np.std(noisy - clean) == pytest.approx(0.1, rel=0.05)


def test_too_few_moon_samples_is_an_error():
    with pytest.raises(ValueError, match="at least 2"):
        make_moons(1)


def test_signed_labels_map_0_1_to_minus_1_plus_1():
    assert signed_labels(np.array([0, 1, 1, 0])) == [-1.0, 1.0, 1.0, -1.0]
    assert all(type(v) is float for v in signed_labels(np.array([0, 1])))
