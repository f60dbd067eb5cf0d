"""Texts, derivative write-outs, gradient checks and diagnoses for what is shown."""
