"""Chinese text as people type it, made comparable: shared by ingest and knowledge (imports neither)."""
