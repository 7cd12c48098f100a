"""The command line: ``airace``'s subcommands and every command's arguments, in one place."""
