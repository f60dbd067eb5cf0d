"""gradstep's engine: scalar autograd, traces and timelines. Pure Python, never Qt."""

from engine.graph import Graph, GraphError
from engine.nn import MLP, Layer, Neuron
from engine.timeline import Timeline
from engine.trace import PHASES, Trace, TraceError, fmt, record
from engine.value import Value, topological_order, zero_grad, zero_graph_grad

__all__ = ["Graph", "GraphError", "Value", "topological_order", "zero_grad", "zero_graph_grad"]
__all__ += ["PHASES", "Timeline", "Trace", "TraceError", "fmt", "record"]
__all__ += ["MLP", "Layer", "Neuron"]
