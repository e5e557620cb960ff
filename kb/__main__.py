from kb.cli import entry_point

entry_point()
