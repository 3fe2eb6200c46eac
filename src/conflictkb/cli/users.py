"""`conflictkb user` (reviewers and admins with their tokens) and `conflictkb audit` (every
user's decision, as CSV or JSON Lines)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from ..errors import InputError
from ..export.audit import AUDIT_FORMATS, write_audit
from ..store.workbench import ROLES
from .state import CLIState

__all__ = ["register"]

console = Console()
err_console = Console(stderr=True)
user_app = typer.Typer(help="Reviewers and admins: each has a token for the explorer and the API.",
                       no_args_is_help=True)  # fmt: skip


@user_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The user's name, as the audit log shows it."),
    role: str = typer.Option("reviewer", "--role", help=f"One of {', '.join(ROLES)}."),
) -> None:
    """Register a user and print their token (shown once: only its digest is stored)."""
    state: CLIState = ctx.obj
    with state.store() as store:
        token = store.add_user(name, role)
    err_console.print(f"user {name!r} ({role}) added; their token (shown once):", highlight=False)
    typer.echo(token)


@user_app.command("list")
def list_(ctx: typer.Context) -> None:
    """The registered users and their roles."""
    state: CLIState = ctx.obj
    with state.store() as store:
        for u in store.users():
            console.print(f"{u['name']}\t{u['role']}\tsince {u['created_at']:%Y-%m-%d}",
                          highlight=False)  # fmt: skip


@user_app.command("remove")
def remove(ctx: typer.Context, name: str = typer.Argument(..., help="The user to remove.")) -> None:
    """Remove a user: their token stops working; their decisions stay in the audit log."""
    state: CLIState = ctx.obj
    with state.store() as store:
        store.remove_user(name)
    console.print(f"user {name!r} removed", highlight=False)


def audit(
    ctx: typer.Context,
    event: str = typer.Argument(None, help="Only this event's decisions (id, prefix or name)."),
    format: str = typer.Option("csv", "--format", "-f", help="csv or jsonl."),
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
) -> None:
    """Export the audit log: who decided what, when, the state before and after, and why."""
    if format not in AUDIT_FORMATS:
        raise InputError(f"unknown audit format {format!r}; choose csv or jsonl")
    state: CLIState = ctx.obj
    with state.store() as store:
        entries = store.audit_log(store.find_event_id(event) if event else None)
    if output is None:
        write_audit(entries, sys.stdout.buffer, format)
        sys.stdout.flush()
    else:
        with output.open("wb") as fh:
            write_audit(entries, fh, format)
    err_console.print(f"{len(entries)} decision(s)", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.command("audit")(audit)
