"""Model architectures of Harbour's trained components (registered with spaCy by importing this module).

``harbour.ListenerPlusHash.v1`` gives a component two kinds of token features side by side: those of the language
model's own tok2vec (GiNZA's, read through a listener, frozen), and its own small hash embeddings of the word's
form, prefix, suffix and shape (trained). The first brings what GiNZA learnt from parsing; the second what is
peculiar to names.
"""

from __future__ import annotations

from spacy.util import registry
from thinc.api import Model, concatenate


@registry.architectures("harbour.ListenerPlusHash.v1")
def listener_plus_hash(listener: Model, own: Model) -> Model:
    model = concatenate(listener, own)
    model.set_dim("nO", listener.get_dim("nO") + own.get_dim("nO"))
    return model
