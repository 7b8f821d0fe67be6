"""voc-kiosk: the Voice-of-the-Customer wall display."""

__version__ = "0.1.0"
