"""Themes, palettes, settings, the icon and the shared dialog look (Qt, no state of the app)."""
