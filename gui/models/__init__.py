"""QObject models without widgets: the step session, the training session."""
