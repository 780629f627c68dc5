"""The front desk from a terminal.

    python -m frontdesk.cli init-db
    python -m frontdesk.cli add-staff USERNAME [--password-stdin]
    python -m frontdesk.cli create-token NAME
    python -m frontdesk.cli list [--status open|contacted|done|all] [--json]
    python -m frontdesk.cli show REF
    python -m frontdesk.cli mark REF contacted|done|open
    python -m frontdesk.cli purge [--days N] [--tracker-db URL]
    python -m frontdesk.cli export-reviewed --out FILE [--tracker-db URL]

--db URL (before the command) or $CLINIC_DB_URL picks the database.
Patients' details are printed to this terminal only, never logged.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import unicodedata
from typing import List, Optional, Sequence

from clinic.database import describe
from clinic.private_files import restrict_umask
from clinic.requests import STATUSES, StoredRequest
from clinic.settings import retention_days
from frontdesk.display import kind_label, language_label, local_time, status_label
from frontdesk.store import Store, purge_conversations


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m frontdesk.cli", description="The clinic's front desk.")
    parser.add_argument("--db", help="database URL (default: $CLINIC_DB_URL or sqlite:///var/clinic.db)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("init-db", help="create the tables (safe to run again)")

    add = commands.add_parser("add-staff", help="add a staff account")
    add.add_argument("username")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    reset = commands.add_parser("set-password", help="set a staff member's password")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    remove = commands.add_parser("remove-staff", help="remove a staff account")
    remove.add_argument("username")

    token = commands.add_parser("create-token", help="create an API token (shown once)")
    token.add_argument("name", help="what the token is for, e.g. 'reporting'")

    revoke = commands.add_parser("revoke-token", help="revoke every API token with this name")
    revoke.add_argument("name")

    listing = commands.add_parser("list", help="list requests, newest first")
    listing.add_argument("--status", default="open", choices=[*STATUSES, "all"])
    listing.add_argument("--json", action="store_true", help="JSON instead of a table")
    listing.add_argument("--limit", type=int, default=200)

    show = commands.add_parser("show", help="one request in full, with its transcript")
    show.add_argument("reference")
    show.add_argument("--json", action="store_true")

    mark = commands.add_parser("mark", help="set a request's status")
    mark.add_argument("reference")
    mark.add_argument("status", choices=["contacted", "done", "open"])

    purge = commands.add_parser("purge", help="delete requests and conversations older than N days")
    purge.add_argument("--days", type=int, help="default: $RETENTION_DAYS or 90")
    purge.add_argument(
        "--tracker-db",
        help="Rasa tracker store URL (default: $TRACKER_DB_URL or var/trackers.db)",
    )

    export = commands.add_parser(
        "export-reviewed", help="write the labelled messages as Rasa NLU training data, de-identified"
    )
    export.add_argument("--out", required=True, help="the YAML file to write ('-': standard output)")
    export.add_argument(
        "--tracker-db",
        help="Rasa tracker store URL (default: $TRACKER_DB_URL or var/trackers.db)",
    )
    return parser


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise SystemExit("No terminal to prompt for the password: use --password-stdin.")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Same password again: ") != first:
        raise SystemExit("The passwords differ; nothing changed.")
    return first


def printable(text: str) -> str:
    """``text`` without control characters: what a patient typed cannot drive the terminal."""
    return "".join("\ufffd" if unicodedata.category(ch) == "Cc" else ch for ch in text)


def table(rows: Sequence[StoredRequest]) -> str:
    """Requests as a plain text table."""
    header = [
        "REFERENCE",
        "STATUS",
        "RECEIVED",
        "REQUEST",
        "NAME",
        "PHONE",
        "PREFERRED TIME",
        "PROCEDURE",
        "CONSENT",
        "LANGUAGE",
    ]
    lines = [header]
    for r in rows:
        preferred = local_time(r.preferred_time) or (
            f'"{r.preferred_time_text}"' if r.preferred_time_text else "-"
        )
        lines.append(
            [
                r.reference,
                status_label(r.status),
                local_time(r.created_at),
                kind_label(r.kind),
                r.full_name,
                r.phone_e164,
                preferred,
                r.procedure or "-",
                "yes" if r.consent else "no",
                language_label(r.language),
            ]
        )
    lines = [[printable(cell) for cell in line] for line in lines]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def details(r: StoredRequest) -> str:
    out = [
        f"Reference:       {r.reference}",
        f"Status:          {status_label(r.status)}",
        f"Request:         {kind_label(r.kind)}",
        f"Received:        {local_time(r.created_at)}",
        f"Updated:         {local_time(r.updated_at)}",
        f"Name:            {r.full_name}",
        f"Phone:           {r.phone_e164}",
        f"Preferred time:  {local_time(r.preferred_time) or '-'}",
        f"Patient wrote:   {r.preferred_time_text or '-'}",
        f"Procedure:       {r.procedure or '-'}",
        f"Consent:         {'yes' if r.consent else 'no'}",
        f"Language:        {language_label(r.language)}",
        "Transcript:" if r.transcript else "Transcript:      -",
    ]
    for line in r.transcript or []:
        who = "Patient" if line["sender"] == "patient" else "Assistant"
        out.append(f"  {who}: {line['text']}")
    return "\n".join(printable(line) for line in out)


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    restrict_umask()  # the request database and its journal files: owner-only
    store = Store(args.db)
    try:
        store.create_schema()
        return _run(store, args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        store.dispose()


def _run(store: Store, args) -> int:
    command = args.command
    if command == "init-db":
        print(f"Schema ready in {describe(store.url)}.")
    elif command == "add-staff":
        store.add_staff(args.username, _read_password(args.password_stdin))
        print(f"Staff account {args.username.strip().lower()} added.")
    elif command == "set-password":
        if not store.set_staff_password(args.username, _read_password(args.password_stdin)):
            print(f"No staff account {args.username}.", file=sys.stderr)
            return 1
        print("Password changed.")
    elif command == "remove-staff":
        if not store.remove_staff(args.username):
            print(f"No staff account {args.username}.", file=sys.stderr)
            return 1
        print(f"Staff account {args.username.strip().lower()} removed.")
    elif command == "create-token":
        print(store.create_api_token(args.name))
        print("Keep this token now: only its hash is stored, it cannot be shown again.", file=sys.stderr)
    elif command == "revoke-token":
        print(f"Revoked {store.revoke_api_tokens(args.name)} token(s) named {args.name!r}.")
    elif command == "list":
        rows = store.list_requests(status=args.status, limit=args.limit)
        if args.json:
            print(json.dumps([r.to_json() for r in rows], indent=2, ensure_ascii=False))
        elif rows:
            print(table(rows))
        else:
            print(f"No {'' if args.status == 'all' else args.status + ' '}requests.")
    elif command == "show":
        found = store.get(args.reference)
        if found is None:
            print(f"No request {args.reference}.", file=sys.stderr)
            return 1
        print(json.dumps(found.to_json(), indent=2, ensure_ascii=False) if args.json else details(found))
    elif command == "mark":
        updated = store.set_status(args.reference, args.status)
        if updated is None:
            print(f"No request {args.reference}.", file=sys.stderr)
            return 1
        print(f"{updated.reference} marked {args.status}.")
    elif command == "purge":
        days = args.days if args.days is not None else retention_days()
        requests_deleted = store.purge(days)["requests"]
        events_deleted = purge_conversations(args.tracker_db, days)
        reviewed = store.review.purge(days)
        print(
            f"Purged {requests_deleted} request(s) and {events_deleted} conversation event(s) "
            f"older than {days} days."
        )
        print(f"Purged {reviewed['labels']} review label(s) and {reviewed['audit']} audit row(s).")
    elif command == "export-reviewed":
        return _export_reviewed(store, args.out, args.tracker_db)
    return 0


def _export_reviewed(store: Store, out: str, tracker_db: Optional[str]) -> int:
    """``export-reviewed``: the file, and one audit row for whoever ran it."""
    from frontdesk.export import export_reviewed
    from frontdesk.review_store import EXPORT
    from frontdesk.tracker_reader import TrackerReader

    reader = TrackerReader(tracker_db)
    try:
        text, count = export_reviewed(store.review, reader)
    finally:
        reader.dispose()
    if out == "-":
        sys.stdout.write(text)
    else:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    store.review.record(f"cli:{getpass.getuser()}", EXPORT, detail=f"{count} messages")
    print(f"Exported {count} reviewed message(s){'' if out == '-' else ' to ' + out}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
