"""The command line's room: options, what to open, programs, --train, exports (Qt-free)."""
