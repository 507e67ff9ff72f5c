"""Model files shipped with the extractor, and what they were trained on.

A trained component records the split of the NER data it was trained on in the pipeline's meta
(``nlp.meta["harbour_training"]``: ``folds``, ``held_out_fold``), so evaluation can score it only on
records it has never seen: record ``i`` of the data is held out when ``i % folds == held_out_fold``.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

MODELS_DIR = Path(__file__).resolve().parent


def held_out_indices(nlp: Language, records: int) -> set[int] | None:
    """Indices of the NER records no component of ``nlp`` was trained on; None when nothing was trained."""
    training = nlp.meta.get("harbour_training")
    if not training:
        return None
    folds, held_out = int(training["folds"]), int(training["held_out_fold"])
    return {i for i in range(records) if i % folds == held_out}
