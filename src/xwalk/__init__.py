"""xwalk: a knowledge graph of regulatory crosswalks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("xwalk")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
