// The reference peer: what a user picking Node would write. Login, ping to pong, broadcast with
// seq and time, serialized once per broadcast. No storage, no limits.
// node server.js PORT  -- also answers GET /stats with {rss, heapUsed} after a full GC (--expose-gc).
"use strict";
const http = require("http");
const { WebSocketServer } = require("ws");

const port = Number(process.argv[2] || 3001);
const PONG = '{"type":"check","data":"pong"}';
let seq = 0;
const loggedIn = new Set();

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
  ws.on("message", (raw) => {
    let f;
    try { f = JSON.parse(raw); } catch (e) { return; }
    if (f.type === "check") {
      ws.send(PONG);
    } else if (f.type === "login") {
      user = { userId: String(f.openid), userName: String(f.userName), userAvatar: String(f.userAvatar || "") };
      loggedIn.add(ws);
      ws.send(JSON.stringify({ type: "login", ok: true, userId: user.userId, users: [], history: [] }));
    } else if (f.type === "message" && user) {
      const out = JSON.stringify({ type: "message", seq: ++seq, time: Date.now(), userId: user.userId,
        userName: user.userName, userAvatar: user.userAvatar, data: String(f.data) });
      for (const c of loggedIn) c.send(out);
    }
  });
  ws.on("close", () => loggedIn.delete(ws));
  ws.on("error", () => loggedIn.delete(ws));
});

server.listen(port, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + port + "/"));
process.on("SIGTERM", () => process.exit(0));
