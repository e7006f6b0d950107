"""A TCP proxy between one app instance and Redis, so a test can break that instance's
network alone: `cut()` drops every connection and refuses new ones, `hold()` drops them and
lets new ones connect but stalls them until `restore()`; `freeze()` keeps every connection
open but silently stops carrying bytes (a black hole: TCP itself notices nothing). `delay`
holds back every chunk sent towards Redis, like a slow network path."""

from __future__ import annotations

import asyncio
import contextlib


class Proxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1", delay: float = 0.0) -> None:
        self._upstream = (upstream_host, upstream_port)
        self.delay = delay
        self._server: asyncio.Server | None = None
        self._open = asyncio.Event()
        self._open.set()
        self._refusing = False
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._links: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def cut(self) -> None:
        self._refusing = True
        self._drop_all()

    def hold(self) -> None:
        self._refusing = False
        self._open.clear()
        self._drop_all()

    def freeze(self) -> None:
        self._flowing.clear()

    def restore(self) -> None:
        self._refusing = False
        self._open.set()
        self._flowing.set()

    async def close(self) -> None:
        self._drop_all()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _drop_all(self) -> None:
        for writer in list(self._links):
            writer.transport.abort()
        self._links.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._refusing:
            writer.transport.abort()
            return
        self._links.add(writer)
        await self._open.wait()
        if self._refusing or writer not in self._links:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._upstream)
        except OSError:
            writer.transport.abort()
            return
        self._links.add(up_writer)
        for src, dst, delay in ((reader, up_writer, self.delay), (up_reader, writer, 0.0)):
            task = asyncio.get_running_loop().create_task(_pipe(src, dst, self._links, delay, self._flowing))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)


async def _pipe(
    src: asyncio.StreamReader,
    dst: asyncio.StreamWriter,
    links: set[asyncio.StreamWriter],
    delay: float,
    flowing: asyncio.Event,
) -> None:
    with contextlib.suppress(OSError, asyncio.IncompleteReadError):
        while data := await src.read(65536):
            if delay:
                await asyncio.sleep(delay)
            await flowing.wait()
            dst.write(data)
            await dst.drain()
    links.discard(dst)
    dst.transport.abort()
