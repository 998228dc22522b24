"""One module per `dealcraft` sub-command, each with `register(subparsers)` and `run(args) -> int`."""
