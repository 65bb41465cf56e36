"""Korean: site furniture, train prose, held-out prose, portal furniture, comment widgets."""

from training.project_corpus.languages.ko.comments import COMMENTS
from training.project_corpus.languages.ko.heldout import HELDOUT
from training.project_corpus.languages.ko.portal import PORTAL
from training.project_corpus.languages.ko.site import SITE
from training.project_corpus.languages.ko.text import TEXT

__all__ = ["COMMENTS", "HELDOUT", "PORTAL", "SITE", "TEXT"]
