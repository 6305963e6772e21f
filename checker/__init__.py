"""checker: catch numbers that do not add up across sources."""

__version__ = "0.1.0"
