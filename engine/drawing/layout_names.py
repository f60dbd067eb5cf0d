"""The layouts by name, without importing networkx (the command line checks names with it)."""

LAYERED = "layered"
FREE_LAYOUTS = ("spring", "kamada-kawai", "spectral", "shell")  # networkx's general layouts
LAYOUTS = (LAYERED, *FREE_LAYOUTS)  # every layout name, the default first
MAX_FREE_NODES = 2000  # kamada-kawai is quadratic: ~4 s at 663 drawn nodes, minutes past this
