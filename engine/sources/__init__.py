"""Where graphs come from: examples, expressions, scripts, saved sessions."""
