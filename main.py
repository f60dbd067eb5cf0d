"""Start gradstep: ``python main.py [FILE] [options]`` (see ``--help``)."""

from gui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
