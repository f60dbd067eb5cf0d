"""gradstep's Qt user interface: views over an engine Timeline, driven by a Session."""
