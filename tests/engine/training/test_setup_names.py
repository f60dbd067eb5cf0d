"""The training setups' names are known without building them; built, they are the same ones."""

from engine.training.setups import SETUPS, _make_setups
from tests.fresh_python import run_python


def test_the_names_are_those_of_the_setups_built():
    assert list(SETUPS) == list(_make_setups())
    assert all(SETUPS[name].name == name for name in SETUPS)


def test_listing_the_names_builds_no_setup_nor_imports_numpy_random():
    code = (
        "import sys; from engine.training.setups import SETUPS; "
        "names = ', '.join(SETUPS); ok = 'moons' in SETUPS; "
        "print(names, ok, 'numpy.random' in sys.modules)"
    )
    assert run_python(code).split() == [
        "lecture-mlp,",
        "house-price,",
        "xor-network,",
        "moons",
        "True",
        "False",
    ]
