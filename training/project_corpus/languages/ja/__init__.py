"""Japanese: site furniture, train prose, held-out prose, portal furniture, comment widgets."""

from training.project_corpus.languages.ja.comments import COMMENTS
from training.project_corpus.languages.ja.heldout import HELDOUT
from training.project_corpus.languages.ja.portal import PORTAL
from training.project_corpus.languages.ja.site import SITE
from training.project_corpus.languages.ja.text import TEXT

__all__ = ["COMMENTS", "HELDOUT", "PORTAL", "SITE", "TEXT"]
