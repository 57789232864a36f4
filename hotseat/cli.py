"""The `hotseat` console command: friendly names over manage.py."""

from __future__ import annotations

import os
import sys

ALIASES = {
    "serve": ["runserver"],
    "demo": ["demo"],
    "migrate": ["migrate"],
}

USAGE = """usage: hotseat <command> [args]

  serve [addr:port]   run the development web server (default 127.0.0.1:8000)
  demo                load the demo program (idempotent) and print the logins
  migrate             create or update the database
  <anything else>     passed to Django's manage.py (e.g. createsuperuser, check --deploy)
"""


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotseat.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 -- after the settings module is chosen

    command, rest = args[0], args[1:]
    execute_from_command_line(["hotseat", *ALIASES.get(command, [command]), *rest])


if __name__ == "__main__":
    main()
