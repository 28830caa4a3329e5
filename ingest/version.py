"""The knowledge base's schema version (``PRAGMA user_version``), importable without the writer.

The engine checks it on every open, so it lives apart from ``ingest.schema``, which
imports sqlite-utils (about 0.2 s of a cold ``budgetqa ask``).
"""

SCHEMA_VERSION = 3
