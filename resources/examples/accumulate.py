"""b = a + a: a is used twice, so its grad gets two += contributions and ends at 2.0.

A _backward that assigns (grad = ...) instead of accumulating (grad += ...) gets 1.0 here.
"""

from engine.autograd.value import Value

a = Value(3.0, label="a")
root = a + a  # no build() function: gradstep uses the module-level variable `root`
root.label = "b"
