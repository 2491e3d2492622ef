"""Root pytest configuration: docstring examples of the package are tests too."""

# Running `python -m toolkit` is what __main__ is for; importing it would run the CLI.
collect_ignore = ["toolkit/__main__.py"]
