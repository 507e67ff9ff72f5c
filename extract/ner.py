"""``harbour_ner``: a NER model trained on the Japanese Wikipedia NER data, run beside GiNZA's own.

The model is a spaCy ``ner`` component shipped in ``extract/models/<name>/`` (weights, label moves, the config
that built it, and ``training.json`` saying which folds of the data it saw). It predicts the ontology classes
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


def model_path(name: str) -> Path:
    return MODELS_DIR / name


def available(name: str) -> bool:
    return (model_path(name) / "ner" / "model").exists()


@Language.factory("harbour_ner", default_config={"model": "ner-wikipedia-ja", "batch_size": 64})
def make_trained_ner(nlp: Language, name: str, model: str, batch_size: int) -> "TrainedNer":
    return TrainedNer(nlp, model, batch_size)


class TrainedNer:
    def __init__(self, nlp: Language, model: str, batch_size: int) -> None:
        path = model_path(model)
        config = load_config(path / "config.cfg")
        component = {k: v for k, v in config["components"]["ner"].items() if k != "factory"}
        self.ner = nlp.create_pipe("ner", name=f"{TRAINED}_model", config=component)
        self.ner.from_disk(path / "ner", exclude=["vocab"])
        self.batch_size = batch_size
        self.training = json.loads((path / "training.json").read_text(encoding="utf-8"))
        nlp.meta["harbour_training"] = self.training

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
