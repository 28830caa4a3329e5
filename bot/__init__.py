"""The shells around the engine: the command line, the terminal chat and the Telegram bot."""
