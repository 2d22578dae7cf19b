"""gristmill: raw corpus to curated dataset to adapter to weak-slice report, in one loop."""

__version__ = "0.1.0"
