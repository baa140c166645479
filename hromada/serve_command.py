"""`hromada serve` on the command line; the server itself (hromada/serve.py) is imported
only when it runs, so `hromada check` (run on every commit) does not pay for it."""
from __future__ import annotations

from pathlib import Path


def add(sub) -> None:
    """`hromada serve` in the CLI's subcommands (hromada/cli.py)."""
    p = sub.add_parser("serve", help="the staff preview: every page drawn when opened, a save shows within a second")
    p.add_argument("-f", "--config", default="mkdocs.yml")
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                   help="address to serve on (default 127.0.0.1:8000, this computer only)")
    p.set_defaults(func=run)


def run(args) -> int:
    host, _, port = args.dev_addr.rpartition(":")
    config = Path(args.config)
    if not config.is_file():
        print(f"{args.config}: file: the site's mkdocs.yml (run hromada serve in the site's folder, or pass -f)")
        return 2
    if not port.isdigit() or not 0 < int(port) < 65536:
        print(f"{args.dev_addr}: address: IP:PORT, like 127.0.0.1:8000 (a port from 1 to 65535)")
        return 2
    from .preview_hosts import LISTEN_EXPECTED, is_local_address

    if not is_local_address(host or "127.0.0.1"):
        print(f"{args.dev_addr}: address: {LISTEN_EXPECTED}")
        return 2
    from . import serve

    try:
        return serve.main(config, host or "127.0.0.1", int(port))
    except OSError as exc:
        print(f"{args.dev_addr}: address: a free local port ({exc.strerror or exc})")
        return 2
