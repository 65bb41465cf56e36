"""Polish: site furniture, train prose, held-out prose, portal furniture, comment widgets."""

from training.project_corpus.languages.pl.comments import COMMENTS
from training.project_corpus.languages.pl.heldout import HELDOUT
from training.project_corpus.languages.pl.portal import PORTAL
from training.project_corpus.languages.pl.site import SITE
from training.project_corpus.languages.pl.text import TEXT

__all__ = ["COMMENTS", "HELDOUT", "PORTAL", "SITE", "TEXT"]
