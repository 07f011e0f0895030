"""The command line: `app.py` holds the click commands, `lookup.py` answers a plain
`search` without click. `cli.py` at the top of the checkout starts one or the other."""
