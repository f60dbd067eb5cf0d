"""Running the user's program or notebook in a worker process, apart from the window."""
