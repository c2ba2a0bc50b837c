"""newsdyads: raw news articles in, weekly country-pair tables out."""

__version__ = "0.1.0"
