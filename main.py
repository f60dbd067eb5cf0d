"""Start gradstep: ``python main.py [FILE] [options]`` (see ``--help``)."""

from gui.app.launch import main

if __name__ == "__main__":
    raise SystemExit(main())
