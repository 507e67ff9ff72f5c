"""``harbour_ner``: a NER model trained on the Japanese Wikipedia NER data, run beside GiNZA's own.

The model is a spaCy ``ner`` component shipped in ``extract/models/<name>/`` (weights, label moves, the config
that built it, ``training.json`` saying which folds of the data it saw, and ``cross_validation.json``, the recipe's
cross-validated figures). It predicts the ontology classes
directly (Person, Company, GovernmentOrganization, Organization, Place, Facility, Product, Event). It runs just
before GiNZA's ``ner``; its spans go to ``doc.spans["harbour_ner"]``, and ``doc.ents`` is left to GiNZA's extended NE
labels, which ``harbour_entities`` merges with these by rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_config, minibatch

from .entities import TRAINED
from .models import MODELS_DIR


#: The recipe's cross-validated figures, shipped beside a model that saw every fold (``training/cross_validate.py``).
CROSS_VALIDATION = "cross_validation.json"


def model_path(name: str) -> Path:
    return MODELS_DIR / name


def available(name: str) -> bool:
    return (model_path(name) / "ner" / "model").exists()


@Language.factory("harbour_ner", default_config={"model": "ner-wikipedia-ja", "path": None, "batch_size": 64})
def make_trained_ner(nlp: Language, name: str, model: str, path: str | None, batch_size: int) -> "TrainedNer":
    """``model`` names a model shipped in ``extract/models``; ``path``, when set, is a model directory elsewhere
    (same layout, e.g. one fold's model of ``training/cross_validate.py``) and wins over ``model``."""
    return TrainedNer(nlp, Path(path) if path else model_path(model), batch_size)


class TrainedNer:
    def __init__(self, nlp: Language, path: Path, batch_size: int) -> None:
        config = load_config(path / "config.cfg")
        component = {k: v for k, v in config["components"]["ner"].items() if k != "factory"}
        self.ner = nlp.create_pipe("ner", name=f"{TRAINED}_model", config=component)
        self.ner.from_disk(path / "ner", exclude=["vocab"])
        self.batch_size = batch_size
        self.training = json.loads((path / "training.json").read_text(encoding="utf-8"))
        nlp.meta["harbour_training"] = self.training
        cross_validation = path / CROSS_VALIDATION
        if cross_validation.exists():
            nlp.meta["harbour_cross_validation"] = json.loads(cross_validation.read_text(encoding="utf-8"))

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            # The component runs before GiNZA's own `ner` (see pipeline.py): it finds doc.ents empty, and leaves
            # them empty again, since a `ner` keeps the entities it finds already set.
            self.ner.set_annotations(batch, self.ner.predict(batch))
            for doc in batch:
                doc.spans[TRAINED] = list(doc.ents)
                doc.ents = ()
                yield doc
