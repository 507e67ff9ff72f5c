"""The graph layer: entity identity, documents and the store. Only this package talks to pyoxigraph.

Importing ``harbour.graph`` stays light; the store lives in ``harbour.graph.store``.
"""
