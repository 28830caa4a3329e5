"""The question engine: understand a question, look it up, compose the answer."""
