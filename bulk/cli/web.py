"""``rtm web``: the partner upload portal (docs/design.md §6).

It listens on 127.0.0.1 unless ``--host`` says otherwise. The token (``--token`` or
``RTM_TOKEN``) is only ever sent to the target API: it is not printed, logged or shown.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import typer
import uvicorn

from bulk.cli.output import refuse
from bulk.cli.ports import ensure_port_free
from bulk.cli.root import app
from bulk.partner import PartnerFileError, load_partner
from bulk.pricebook import PriceBookError, load_pricebook
from bulk.web import PortalSettings, PortalSetupError, create_app, default_work_dir
from bulk.web.login import Logins, LoginSetupError, load_logins
from bulk.web.settings import is_loopback
from bulk.workbook.limits import MB


def _fail(message: str) -> typer.Exit:
    return refuse("web", message, "see `rtm web --help`")


def _check_files(partner: Path | None, pricebook: Path | None) -> None:
    try:
        if partner is not None:
            load_partner(partner)
        load_pricebook(pricebook)
    except (PartnerFileError, PriceBookError) as error:
        raise _fail(str(error)) from None


def _logins(host: str, password_hash_file: Path | None, users_file: Path | None) -> Logins | None:
    try:
        found = load_logins(os.environ, password_hash_file, users_file)
    except LoginSetupError as error:
        raise _fail(str(error)) from None
    if found is None and not is_loopback(host):
        raise _fail(
            f"--host {host} is not loopback: configure a login first (RTM_WEB_PASSWORD_HASH, "
            "--password-hash-file or --users-file), or serve on 127.0.0.1"
        )
    return found


def _as_of(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise _fail(f"--as-of '{text}' is not a date; use YYYY-MM-DD") from None


@app.command()
def web(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(
        8090, "--port", min=0, max=65535, help="Port to listen on (0: any free one, printed)."
    ),
    target_url: str | None = typer.Option(
        None, "--target-url", help="Provisioning API to import into, e.g. http://127.0.0.1:8080."
    ),
    token: str | None = typer.Option(
        None, "--token", envvar="RTM_TOKEN", help="Bearer token for the target API (secret)."
    ),
    max_upload_mb: float = typer.Option(100.0, "--max-upload-mb", min=0.001, help="Upload limit."),
    keep_minutes: float = typer.Option(
        1440.0, "--keep-minutes", min=0.01, help="Delete uploads this long after they came in."
    ),
    work_dir: Path | None = typer.Option(
        None, "--work-dir", help="Private folder for uploads (default: rtm-web-<uid> in temp)."
    ),
    partner: Path | None = typer.Option(
        None, "--partner", help="Partner TOML: enables the entitlement and readiness checks."
    ),
    pricebook: Path | None = typer.Option(None, "--pricebook", help="Price book TOML."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Submission date the upload form offers (default: today)."
    ),
    concurrency: int = typer.Option(8, "--concurrency", min=1, max=256, help="Requests at once."),
    users_file: Path | None = typer.Option(
        None, "--users-file", help="Login: lines name:argon2-hash (needed beyond loopback)."
    ),
    password_hash_file: Path | None = typer.Option(
        None, "--password-hash-file", help="Login: a file with one argon2 hash (user RTM_WEB_USER)."
    ),
    provisioning_id: str | None = typer.Option(
        None,
        "--provisioning-id",
        help="Customer template provisioningId (default: provisioning_id of --partner).",
    ),
) -> None:
    """Serve the partner upload portal: validate and import workbooks from a browser.

    On an address other than loopback it starts only with a login: RTM_WEB_PASSWORD_HASH,
    --password-hash-file or --users-file (make a hash with: python -m bulk.web.login)."""
    if target_url is not None and not target_url.startswith(("http://", "https://")):
        raise _fail(f"--target-url '{target_url}' is not an http(s) URL")
    _check_files(partner, pricebook)
    logins = _logins(host, password_hash_file, users_file)
    settings = PortalSettings(
        work_dir=(work_dir or default_work_dir()).resolve(),
        host=host,
        port=port,
        target_url=target_url,
        token=token,
        max_upload_bytes=int(max_upload_mb * MB),
        keep_seconds=keep_minutes * 60,
        partner_file=partner.resolve() if partner else None,
        pricebook_file=pricebook.resolve() if pricebook else None,
        default_as_of=_as_of(as_of),
        concurrency=concurrency,
        logins=logins,
        provisioning_id=provisioning_id,
    )
    try:
        portal = create_app(settings)
    except PortalSetupError as error:
        raise _fail(str(error)) from None
    ensure_port_free("web", host, port)
    config = uvicorn.Config(portal, host=host, port=port, log_level="warning", access_log=False)
    listening = config.bind_socket()  # bound before it is announced: the printed port is ours
    _announce(settings, listening.getsockname()[1])
    uvicorn.Server(config).run(sockets=[listening])


def _announce(settings: PortalSettings, port: int) -> None:
    shown = "[::1]" if settings.host == "::1" else settings.host
    target = "none (validation only)"
    if settings.target_url:
        target = f"{settings.target_url} ({'token set' if settings.token else 'no token'})"
    typer.echo(f"Portal at http://{shown}:{port}/ · target API: {target}")
    typer.echo(f"Uploads kept {settings.keep_seconds / 60:g} min in {settings.work_dir}")
    if settings.logins is not None:
        typer.echo(
            f"Login required ({len(settings.logins.users)} user(s)); audit lines go to audit.log"
        )
