"""Request handlers that refuse what the workbook's pages never send: the kernel websocket
speaks only the v1 protocol, each frame checked (and, behind JupyterHub, jupyter_server's own
kernel websocket checks each frame too), and odd URLs answer 404, never 500."""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from typing import Any, cast

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado.web import HTTPError
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

__all__ = [
    "KERNEL_PROTOCOL",
    "CheckedTemplateStaticHandler",
    "GuardedKernelWebsocketHandler",
    "GuardedWebsocketConnection",
    "legacy_frame_fits",
    "unservable_path",
    "v1_frame_parts",
]


#: the websocket subprotocol of JupyterLab's kernel client, which every Voila page uses
KERNEL_PROTOCOL = "v1.kernel.websocket.jupyter.org"
#: parts a kernel message has in a v1 frame: channel, header, parent, metadata, content, buffers
MAX_FRAME_PARTS = 64


def v1_frame_parts(frame: Any, max_parts: int = MAX_FRAME_PARTS) -> list[bytes] | None:
    """The parts of a v1 kernel websocket frame (channel, header, parent header, metadata,
    content, buffers...), or None when the frame is not one.

    A v1 frame is a count n (8 bytes, little-endian), n offsets, then the parts. jupyter_server
    2.21 and Voila 0.5.13 trust the count: an old-style frame read as v1 gave a count near 8.6e17
    and a list that size, which froze the server and took gigabytes. Here the count, the offsets
    and their order are checked against the frame's length first.
    """
    if not isinstance(frame, bytes) or len(frame) < 8:
        return None
    count = int.from_bytes(frame[:8], "little")
    if not 6 <= count <= max_parts or len(frame) < 8 * (count + 1):
        return None
    offsets = [int.from_bytes(frame[8 * i : 8 * (i + 1)], "little") for i in range(1, count + 1)]
    if offsets[0] != 8 * (count + 1) or offsets[-1] > len(frame):
        return None
    if any(later < earlier for earlier, later in itertools.pairwise(offsets)):
        return None
    return [frame[start:end] for start, end in itertools.pairwise(offsets)]


# voila ships no types (voila.* is ignore_missing_imports), so its classes are Any to the checker
class GuardedKernelWebsocketHandler(VoilaKernelWebsocketHandler):  # type: ignore[misc]
    """Voila's kernel websocket, refusing what the workbook's pages never send.

    * A client that does not offer the v1 subprotocol (:data:`KERNEL_PROTOCOL`) is refused
      (HTTP 400) before the upgrade: with the legacy protocol, Voila misread the binary replies
      to ``request_state`` (a widget with a buffer) and froze the whole class.
    * Every incoming message must be a well-formed v1 frame (:func:`v1_frame_parts`); anything
      else closes that one connection (code 1003), before jupyter_server parses it.
    * Outgoing messages are filtered as Voila does (no ``execute_input``: the page never shows
      code), reading their header with the checked parser.
    """

    async def get(self, *args: Any, **kwargs: Any) -> None:
        offered = self.request.headers.get("Sec-WebSocket-Protocol", "")
        if KERNEL_PROTOCOL not in {part.strip() for part in offered.split(",")}:
            self.log.warning(
                "Refused a kernel websocket from %s without the %s subprotocol",
                self.request.remote_ip,
                KERNEL_PROTOCOL,
            )
            self.set_status(400)
            self.finish(f"This server speaks the {KERNEL_PROTOCOL} protocol only.")
            return
        await super().get(*args, **kwargs)

    def on_message(self, message: str | bytes) -> Any:
        if v1_frame_parts(message) is None:
            self.log.warning("Closed a kernel websocket that sent a malformed message")
            self.close(1003, "malformed message")
            return None
        return super().on_message(message)

    def write_message(self, message: Any, binary: bool = False) -> Any:
        header: Any = None
        if isinstance(message, bytes):
            parts = v1_frame_parts(message)
            with contextlib.suppress(ValueError, UnicodeDecodeError):
                header = json.loads(parts[1]) if parts else None
        elif isinstance(message, dict):
            header = message.get("header")
        if isinstance(header, dict) and header.get("msg_type") == "execute_input":
            return None
        # Voila's own write_message is the unchecked parser this class replaces
        return super(VoilaKernelWebsocketHandler, self).write_message(message, binary)


def legacy_frame_fits(frame: Any, max_parts: int = MAX_FRAME_PARTS) -> bool:
    """Whether a message of the legacy protocol is safe for jupyter_server to read: text (JSON),
    or a binary frame whose part count (4 bytes, big-endian) fits the frame. jupyter_server
    builds a struct format of that many fields first: a count near 2**31 took gigabytes."""
    if isinstance(frame, str):
        return True
    if not isinstance(frame, bytes) or len(frame) < 4:
        return False
    count = int.from_bytes(frame[:4], "big", signed=True)
    return 1 <= count <= max_parts and len(frame) >= 4 * (count + 1)


class GuardedWebsocketConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket connection, with the frame check of
    :class:`GuardedKernelWebsocketHandler`: what the hub's single-user servers use
    (``ServerApp.kernel_websocket_connection_class``), whose Voila pages talk to jupyter_server's
    own kernel websocket rather than to Voila's.

    jupyter_server 2.21 trusts a frame's part count as Voila does: one v1 frame with a count of
    2**62 froze the student's server while its memory grew. Such a frame now closes that one
    connection (code 1003). The legacy protocol (JSON text), which jupyter_server reads
    correctly, stays open to other clients of the server (a JupyterLab of another version).
    """

    def handle_incoming_message(self, incoming_msg: Any) -> None:
        if self.subprotocol == KERNEL_PROTOCOL:
            fits = v1_frame_parts(incoming_msg) is not None
        else:
            fits = legacy_frame_fits(incoming_msg)
        if not fits:
            self.log.warning("Closed a kernel websocket that sent a malformed message")
            self.websocket_handler.close(1003, "malformed message")
            return
        super().handle_incoming_message(incoming_msg)


def unservable_path(path: str | None) -> bool:
    """Whether a page path holds characters no notebook name has (NUL, other control
    characters): ``dashboard.ipynb%00`` reached a header and made Voila answer 500."""
    if not path:
        return False
    return any(ord(char) < 32 or ord(char) == 127 for char in path)


class CheckedTemplateStaticHandler(TemplateStaticFileHandler):  # type: ignore[misc]  # untyped
    """Voila's ``/voila/templates/<template>/static/<file>``, answering 404 to any other shape
    (Voila asserted the shape: ``/voila/templates/../../etc/passwd`` was a 500, though nothing
    leaked) and to a template name that is not a plain name."""

    def parse_url_path(self, url_path: str) -> str:
        template, _, rest = url_path.partition("/static/")
        plain = re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", template) is not None
        if not plain or not rest or unservable_path(url_path):
            raise HTTPError(404)
        return cast(str, super().parse_url_path(url_path))  # Voila's handler is untyped
