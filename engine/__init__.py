"""gradstep's engine: scalar autograd, traces and timelines. Pure Python, never Qt."""

from engine.graph import Graph, GraphError
from engine.value import Value, topological_order, zero_grad, zero_graph_grad

__all__ = ["Graph", "GraphError", "Value", "topological_order", "zero_grad", "zero_graph_grad"]
