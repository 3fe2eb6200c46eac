"""`conflictkb serve`: the REST API and the web explorer."""

from __future__ import annotations

import typer

from .state import CLIState

__all__ = ["register"]


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the explorer and the API (read-only unless CONFLICTKB_API_TOKEN is set)."""
    import uvicorn

    from ..api.app import create_app

    state: CLIState = ctx.obj
    settings = state.settings.model_copy(update={"db": state.db})
    app = create_app(settings)
    if settings.api_token or any(u["role"] == "admin" for u in app.state.store.users()):
        app.state.uploads.warm()  # uploads possible: the extraction worker loads its model now
    typer.echo(f"conflictkb explorer on http://{host}:{port}/  (API docs: /docs, /openapi.json)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
