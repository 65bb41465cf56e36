"""noise: strip the lines of scraped web-page text that are not the article.

    from noise import Cleaner
    cleaner = Cleaner.load()          # $NOISE_MODEL, else the bundled model
    cleaner.clean(text)               # the text without its noise lines
    cleaner.label(text)               # one LineVerdict per line
    cleaner.clean_batch(texts)        # many pages, sharing the model work

The library never prints; it logs to the ``noise`` logger, which has a NullHandler.
Names are imported on first use, so that ``noise --help`` starts without loading numpy.
"""

import logging
from importlib import import_module

__all__ = ["Cleaner", "LineVerdict", "CATEGORIES", "CONTENT", "NOISE", "__version__"]
__version__ = "1.0.0"

_HOMES = {
    "Cleaner": "noise.cleaner",
    "LineVerdict": "noise.cleaner",
    "CATEGORIES": "noise.labels",
    "CONTENT": "noise.labels",
    "NOISE": "noise.labels",
}

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'noise' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
