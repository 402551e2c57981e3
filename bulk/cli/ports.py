"""Check a listening port before a server prints its banner (``rtm web``; ``rtm sim serve`` has
the same check), so a busy port is one refusal line (exit 2), not a banner followed by
uvicorn's ``address already in use``."""

from __future__ import annotations

import socket

from bulk.cli.output import refuse


def port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on now, or ``None`` when it can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.strerror or str(error)
    return None


def ensure_port_free(command: str, host: str, port: int) -> None:
    """Refuse (exit 2) when ``host:port`` is taken or cannot be bound."""
    problem = port_problem(host, port)
    if problem:
        raise refuse(command, f"cannot listen on {host}:{port}: {problem}", "choose another --port")


__all__ = ["ensure_port_free", "port_problem"]
