// The reference peer: what a user picking Node would write. Login, ping to pong, broadcast with
// seq and time, serialized once per broadcast. No storage, no limits. Rooms as a Node user would add
// them: createRoom/joinRoom by name (the name is the id), a message with a room goes to that room's
// sockets, with that room's own seq.
// node server.js PORT [coalesce]  -- also answers GET /stats with {rss, heapUsed} after a full GC (--expose-gc).
// With "coalesce", the best design a Node server can have for fan-out: each broadcast's frame is built
// once, and what a room (or the lobby) got during one turn of the event loop goes to each of its
// sockets in one write at the end of the turn, instead of one send per delivery.
"use strict";
const http = require("http");
const { WebSocketServer, Sender } = require("ws");

const port = Number(process.argv[2] || 3001);
const coalesce = process.argv[3] === "coalesce";
const pending = new Map(); // the set of sockets a broadcast goes to -> the frames of this turn, in order
let flushScheduled = false;

function broadcast(targets, out) {
  if (!coalesce) {
    for (const c of targets) c.send(out);
    return;
  }
  const frame = Buffer.concat(Sender.frame(Buffer.from(out), { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }));
  let frames = pending.get(targets);
  if (!frames) { frames = []; pending.set(targets, frames); }
  frames.push(frame);
  if (!flushScheduled) { flushScheduled = true; setImmediate(flush); }
}

function flush() {
  flushScheduled = false;
  for (const [targets, frames] of pending) {
    const data = frames.length === 1 ? frames[0] : Buffer.concat(frames);
    for (const c of targets) if (c.readyState === 1) c._socket.write(data); // no compression: the socket is ws's only writer
  }
  pending.clear();
}
const PONG = '{"type":"check","data":"pong"}';
let seq = 0;
const loggedIn = new Set();
const rooms = new Map(); // name -> {seq, sockets}

const server = http.createServer((req, res) => {
  if (req.url === "/stats") {
    if (global.gc) global.gc();
    const m = process.memoryUsage();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, connections: wss.clients.size }));
  } else {
    res.writeHead(404);
    res.end();
  }
});
const wss = new WebSocketServer({ server });

wss.on("connection", (ws) => {
  let user = null;
  const joined = new Set();
  ws.on("message", (raw) => {
    let f;
    try { f = JSON.parse(raw); } catch (e) { return; }
    if (f.type === "check") {
      ws.send(PONG);
    } else if (f.type === "login") {
      user = { userId: String(f.openid), userName: String(f.userName), userAvatar: String(f.userAvatar || "") };
      loggedIn.add(ws);
      ws.send(JSON.stringify({ type: "login", ok: true, userId: user.userId, users: [], history: [] }));
    } else if ((f.type === "createRoom" || f.type === "joinRoom") && user) {
      const id = String(f.type === "createRoom" ? f.name : f.room);
      let room = rooms.get(id);
      if (!room) { room = { seq: 0, sockets: new Set() }; rooms.set(id, room); }
      room.sockets.add(ws);
      joined.add(room);
      ws.send(JSON.stringify({ type: "room", room: id, name: id, members: room.sockets.size, history: [] }));
    } else if (f.type === "message" && user && typeof f.room === "string" && rooms.has(f.room)) {
      const room = rooms.get(f.room);
      if (!room.sockets.has(ws)) return;
      const out = JSON.stringify({ type: "message", room: f.room, seq: ++room.seq, time: Date.now(), userId: user.userId,
        userName: user.userName, userAvatar: user.userAvatar, data: String(f.data) });
      broadcast(room.sockets, out);
    } else if (f.type === "message" && user) {
      const out = JSON.stringify({ type: "message", seq: ++seq, time: Date.now(), userId: user.userId,
        userName: user.userName, userAvatar: user.userAvatar, data: String(f.data) });
      broadcast(loggedIn, out);
    }
  });
  const gone = () => { loggedIn.delete(ws); for (const r of joined) r.sockets.delete(ws); };
  ws.on("close", gone);
  ws.on("error", gone);
});

server.listen(port, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + port + "/" + (coalesce ? " (coalescing)" : "")));
process.on("SIGTERM", () => process.exit(0));
