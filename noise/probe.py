"""What a model computes for a batch, taken at its last step: each line's final noise logit and its
hashed text features. ``noise label --pick`` ranks pages by them and ``noise train --base`` fits a
publisher layer on them; the model itself is not changed.

It works through ``NoiseModel.adapter``, the hook a publisher layer uses: a stand-in layer records
what it is given (after the model's own layer, if it has one) and changes nothing.
"""

from __future__ import annotations

import copy


class _Recorder:
    """Stands in for a model's adapter to record the final logit (and the features) it is given."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.logit = None
        self.hashed = None

    def adjust(self, logit, batch, hashed):
        if self.inner is not None:
            logit = self.inner.adjust(logit, batch, hashed)
        self.logit, self.hashed = logit, hashed
        return logit


def final_logits(model, batch):
    """The model's final noise logit of every line of a non-empty batch, and the lines' hashed features."""
    recorder = _Recorder(getattr(model, "adapter", None))
    probe = copy.copy(model)
    probe.adapter = recorder
    probe.score(batch)
    return recorder.logit, recorder.hashed
