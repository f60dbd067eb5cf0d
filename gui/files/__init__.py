"""Opening and saving: documents, sessions, recent files, the expression editor."""
