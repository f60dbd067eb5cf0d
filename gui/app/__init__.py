"""The application shell: command line, main window, menus, keys, crash handling."""
