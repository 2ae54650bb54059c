"""Build pipeline for the data-science careers knowledge base."""

__version__ = "0.1.0"
