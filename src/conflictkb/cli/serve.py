"""`conflictkb serve`: the REST API and the web explorer."""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING

import typer

from ..settings import Settings
from .state import CLIState

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["register"]


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", min=1, max=32,
                                help="Server processes (each with its own caches and upload "
                                     "worker); more than one needs more cores than clients."),
) -> None:  # fmt: skip
    """Serve the explorer and the API (read-only unless CONFLICTKB_API_TOKEN is set)."""
    import uvicorn

    state: CLIState = ctx.obj
    settings = state.settings.model_copy(update={"db": state.db})
    typer.echo(f"conflictkb explorer on http://{host}:{port}/  (API docs: /docs, /openapi.json)")
    if workers == 1:
        uvicorn.run(served_app(settings), host=host, port=port, log_level="warning")
        return
    # the processes build their apps from the environment: one store, one secret for the forms
    os.environ.update({"CONFLICTKB_DB": settings.db,
                       "CONFLICTKB_SECRET_KEY": settings.secret_key or secrets.token_hex(32),
                       "CONFLICTKB_MERGE_THRESHOLD": str(settings.merge_threshold)})  # fmt: skip
    uvicorn.run("conflictkb.cli.serve:app_from_environment", factory=True, host=host,
                port=port, workers=workers, log_level="warning")  # fmt: skip


def served_app(settings: Settings) -> FastAPI:
    """The app, with its upload worker started when uploads are possible (it loads its model
    before the first upload arrives)."""
    from ..api.app import create_app

    app = create_app(settings)
    if settings.api_token or any(u["role"] == "admin" for u in app.state.store.users()):
        app.state.uploads.warm()
    return app


def app_from_environment() -> FastAPI:
    """Each server process's app (``serve --workers N``), from ``CONFLICTKB_*``."""
    return served_app(Settings())


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
