"""The command line's subcommands, one module each.

Every module here defines ``register(subparsers)`` that adds its subparser and sets
``func=run`` on it; ``run(args) -> int`` returns the exit code. :mod:`slaplanner.cli.main`
finds the modules by listing this package, so a capability adds a command by adding a
module, without touching a shared file.
"""
