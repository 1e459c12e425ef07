# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""python3 -m llmcl.dask replay CONTRACTS... --sessions FILES... --db W.db
[--scheduler tcp://HOST:8786] [--fix] [--detail] [--partition-bytes N] [--workers N]
[--tls-ca CA.pem --tls-cert CERT.pem --tls-key KEY.pem] [--progress | --no-progress];
python3 -m llmcl.dask replay --db W.db --resume RUN [--scheduler ...]"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Optional

from . import DEFAULT_PARTITION_BYTES, PartitionError, Progress, _local_workers_up, replay, resume

EXIT_SUCCESS, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python3 -m llmcl.dask",
        description="Replays captured conversations on a Dask cluster into one run of a "
        "workspace database: the run `llmcl replay --db` stores for the same files.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    r = commands.add_parser("replay", help="replay sessions files on a Dask cluster")
    r.add_argument("contracts", nargs="*", metavar="CONTRACT", help="contract files")
    r.add_argument("--resume", metavar="RUN",
                   help="complete an incomplete or cancelled run of --db (an id, last or "
                   "last~N) with the contracts, sessions and options it started with")
    r.add_argument("--sessions", nargs="+", metavar="FILE",
                   help="sessions files (.jsonl or .jsonl.gz), replayed in this order; every "
                   "worker reads them at the same path")
    r.add_argument("--db", required=True, metavar="W.db", help="the workspace database")
    r.add_argument("--scheduler", metavar="ADDRESS",
                   help="the Dask scheduler (tcp://HOST:8786, tls://HOST:8786); default: a "
                   "LocalCluster of this machine")
    r.add_argument("--workers", type=int, metavar="N",
                   help="worker processes of the LocalCluster (default: the processors)")
    r.add_argument("--fix", action="store_true", help="apply auto_fix repairs")
    r.add_argument("--detail", action="store_true",
                   help="store every clause's explanation (llmcl replay --db --trace)")
    r.add_argument("--partition-bytes", type=int, default=DEFAULT_PARTITION_BYTES, metavar="N",
                   help=f"bytes of a plain sessions file per task (default {DEFAULT_PARTITION_BYTES})")
    r.add_argument("--tls-ca", metavar="CA.pem", help="the cluster's certificate authority")
    r.add_argument("--tls-cert", metavar="CERT.pem", help="this client's certificate")
    r.add_argument("--tls-key", metavar="KEY.pem", help="this client's private key")
    shown = r.add_mutually_exclusive_group()
    shown.add_argument("--progress", action="store_true", default=None,
                       help="show progress on stderr even when it is not a terminal")
    shown.add_argument("--no-progress", dest="progress", action="store_false")
    return parser


def _print_progress(p: Progress) -> None:
    eta = p.eta_seconds
    text = (f"\r{p.turns} turns, {p.turns_per_second:.0f} turns/s, "
            f"{p.partitions_done}/{p.partitions} partitions")
    if eta is not None and p.partitions_done < p.partitions:
        text += f", ETA {int(eta) // 60}:{int(eta) % 60:02d}"
    print(text + "   ", end="", file=sys.stderr, flush=True)


def _security(args: argparse.Namespace) -> Optional[Any]:
    given = [args.tls_ca, args.tls_cert, args.tls_key]
    if not any(given):
        return None
    if not all(given):
        raise SystemExit("llmcl: --tls-ca, --tls-cert and --tls-key go together")
    from distributed.security import Security

    # The client's certificate; a LocalCluster's scheduler and workers (this machine) take the
    # same one.
    return Security(tls_ca_file=args.tls_ca, tls_client_cert=args.tls_cert,
                    tls_client_key=args.tls_key, tls_scheduler_cert=args.tls_cert,
                    tls_scheduler_key=args.tls_key, tls_worker_cert=args.tls_cert,
                    tls_worker_key=args.tls_key, require_encryption=True)


def _replay(args: argparse.Namespace) -> int:
    from distributed import Client, LocalCluster

    if args.resume and (args.contracts or args.sessions or args.fix or args.detail):
        print("llmcl: --resume replays the contracts, sessions and options of the run it "
              "resumes; give none of them", file=sys.stderr)
        return EXIT_USAGE
    if not args.resume and (not args.contracts or not args.sessions):
        print("llmcl: give CONTRACT files and --sessions FILES (or --resume RUN)",
              file=sys.stderr)
        return EXIT_USAGE
    security = _security(args)
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    common: dict[str, Any] = dict(db=args.db, partition_bytes=args.partition_bytes,
                                  progress=_print_progress if show else None)

    def run(client: Any) -> Any:
        if args.resume:
            return resume(args.resume, client, **common)
        return replay(args.contracts, args.sessions, client, fix=args.fix, detail=args.detail,
                      **common)

    try:
        if args.scheduler:
            with Client(args.scheduler, security=security) as client:
                stored = run(client)
        else:
            cluster_options: dict[str, Any] = dict(processes=True, dashboard_address=None,
                                                   threads_per_worker=1, host="127.0.0.1")
            if args.workers:
                cluster_options["n_workers"] = args.workers
            if security is not None:
                cluster_options.update(security=security, protocol="tls://")
            with LocalCluster(**cluster_options) as cluster, \
                    Client(cluster, security=security) as client:
                # Every worker up before the run records how many there are ("jobs").
                _local_workers_up(client, len(cluster.workers))
                stored = run(client)
    except PartitionError as error:
        print(f"\nllmcl: {error}; the run is stored as incomplete", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, ValueError, RuntimeError) as error:  # RuntimeError: no cluster
        print(f"llmcl: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nllmcl: interrupted; the run is stored as cancelled", file=sys.stderr)
        return EXIT_USAGE
    if show:
        print(file=sys.stderr)
    summary = stored.summary
    print(f"{summary.get('conversations', 0)} conversations, {summary.get('turns', 0)} turns, "
          f"{summary.get('invalid_turns', 0)} invalid turns")
    print(f"stored as run {stored.run} in {args.db} ({stored.status})")
    if security is not None:
        print("the cluster's connections were encrypted (TLS)")
    invalid = summary.get("invalid_turns", 0) or summary.get("invalid_conversations", 0) \
        or summary.get("run_end_failures", 0)
    return EXIT_FINDINGS if invalid else EXIT_SUCCESS


def main(argv: Optional[list[str]] = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "replay":
        return _replay(args)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
