"""Read budget disclosure documents and store them as a SQLite knowledge base."""
