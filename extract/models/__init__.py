"""Model files shipped with the extractor, and what they were trained on.

A trained component records the split of the NER data it was trained on in the pipeline's meta
(``nlp.meta["harbour_training"]``: ``folds``, ``train_folds``), so evaluation can score it only on records it has
never seen: record ``i`` of the data is held out when ``i % folds`` is not one of ``train_folds``. A model that saw
every fold ships its recipe's cross-validated figures instead (``nlp.meta["harbour_cross_validation"]``).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

MODELS_DIR = Path(__file__).resolve().parent


def trained_folds(nlp: Language) -> tuple[int, set[int]] | None:
    """How many folds the NER data was cut into and which of them a component of ``nlp`` was trained on; None when
    nothing was trained."""
    training = nlp.meta.get("harbour_training")
    if not training:
        return None
    return int(training["folds"]), {int(f) for f in training["train_folds"]}


def held_out_indices(nlp: Language, records: int) -> set[int] | None:
    """Indices of the NER records no component of ``nlp`` was trained on (empty when it saw them all); None when
    nothing was trained."""
    split = trained_folds(nlp)
    if split is None:
        return None
    folds, trained = split
    return {i for i in range(records) if i % folds not in trained}
