// Bare `ws` broadcaster: a floor Holdspace's fan-out is measured against (bench/run.py).
//
// Node's `ws` (no compression, 20 s pings) with none of Holdspace's logic: a hello joins a room,
// and every later text frame goes back out unchanged to the whole room, the sender included.
//
//     node bench/peers/node/server.js --port P
'use strict';

const http = require('node:http');
const { WebSocket, WebSocketServer } = require('ws');

const HOST = '127.0.0.1';
const WELCOME = '{"type":"welcome"}';
const HEARTBEAT_MS = 20_000;

const portArg = process.argv.indexOf('--port');
const port = portArg === -1 ? NaN : Number(process.argv[portArg + 1]);
if (!Number.isInteger(port)) {
  console.error('usage: node server.js --port P');
  process.exit(2);
}

/** @type {Map<string, Set<WebSocket>>} */
const rooms = new Map();

function helloRoom(data) {
  try {
    const message = JSON.parse(data.toString());
    return message && message.type === 'hello' && typeof message.room === 'string' ? message.room : null;
  } catch {
    return null;
  }
}

const server = http.createServer((req, res) => {
  const ok = req.url === '/healthz';
  res.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain' });
  res.end(ok ? 'ok' : 'not found');
});
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 });

wss.on('connection', (ws) => {
  let key = null;
  let room = null;
  ws.isAlive = true;
  ws.on('pong', () => { ws.isAlive = true; });
  // A malformed frame is reported here and then closes the socket; unheard, it would crash us.
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    if (room !== null) {
      // No backpressure, as with websockets' broadcast(): the heartbeat ends a reader that stopped.
      for (const client of room) {
        if (client.readyState === WebSocket.OPEN) client.send(data, { binary: false });
      }
      return;
    }
    key = helloRoom(data);
    if (key === null) return;
    room = rooms.get(key);
    if (room === undefined) rooms.set(key, (room = new Set()));
    room.add(ws);
    ws.send(WELCOME);
  });
  ws.on('close', () => {
    if (room === null) return;
    room.delete(ws);
    if (room.size === 0 && rooms.get(key) === room) rooms.delete(key);
  });
});

// A socket that has not answered the previous ping is gone: drop it rather than buffer for it.
setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) {
      ws.terminate();
      continue;
    }
    ws.isAlive = false;
    ws.ping();
  }
}, HEARTBEAT_MS);

// Nothing here is worth a graceful close: the kernel drops every socket at once.
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));

server.listen(port, HOST, () => console.log(`ready on ${HOST}:${port}`));
