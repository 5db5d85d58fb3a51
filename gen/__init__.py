"""portreg's generator: IANA's port registry CSV in, C tables out."""

__version__ = "0.1.0"
