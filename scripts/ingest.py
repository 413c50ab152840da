#!/usr/bin/env python3
r"""Cron entry point: exactly `tracker ingest` with the same options and exit codes.

    */5 * * * * /opt/deal-tracker/.venv/bin/python /opt/deal-tracker/scripts/ingest.py \
        --config /etc/deal-tracker/ingest.toml --quiet
"""

import sys

from tracker.cli.main import cli

if __name__ == "__main__":
    cli(["ingest", *sys.argv[1:]], prog_name="ingest.py")
