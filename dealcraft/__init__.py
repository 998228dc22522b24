"""The `dealcraft` command: the application edge where files, terminals and windows meet the model."""
