// A fake of the few GitLab REST API v4 endpoints that keepup's components
// use, for .ci/delivery-test: the consumer pipeline run by gitlab-ci-local
// talks to it instead of GitLab. (The Go tests use gitlab/gitlabtest; this
// one runs outside Go, next to gitlab-ci-local.) Issues and merge-request
// notes are kept in memory; every request is appended to the log as one
// JSON line: {method, path, query, auth, body}.
//
//   node fake-gitlab.cjs --token T --files DIR --log FILE --port-file FILE [--red]
//
// --files serves DIR as the repository at every ref; --red makes the
// default branch's newest finished pipeline a failed one.
"use strict";
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--red") args.red = true;
  else args[a.replace(/^--/, "")] = process.argv[++i];
}
for (const k of ["token", "files", "log", "port-file"]) {
  if (!args[k]) {
    console.error(`fake-gitlab: --${k} is required`);
    process.exit(2);
  }
}

let seq = 0;
const issues = [];
const mrNotes = new Map(); // MR iid -> notes
const now = () => new Date().toISOString();

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(text);
}

// A list answer: one page, with GitLab's pagination headers.
function list(res, items) {
  send(res, 200, items, { "X-Page": "1", "X-Per-Page": "100", "X-Total": String(items.length), "X-Total-Pages": "1", "X-Next-Page": "" });
}

function labelsOf(v) {
  if (Array.isArray(v)) return v;
  return typeof v === "string" && v !== "" ? v.split(",") : [];
}

function route(req, res, url, body) {
  const m = /^\/api\/v4\/projects\/([^/]+)\/(.*)$/.exec(url.pathname);
  if (!m) return send(res, 404, { message: "404 Not Found" });
  const rest = m[2];
  const base = `http://${req.headers.host}/group/project`;
  let r;
  if (rest === "issues" && req.method === "GET") return list(res, issues);
  if (rest === "issues" && req.method === "POST") {
    const iss = {
      id: ++seq, iid: issues.length + 1, project_id: 1, title: body.title, description: body.description || "",
      state: "opened", labels: labelsOf(body.labels), due_date: body.due_date || null,
      created_at: now(), updated_at: now(), web_url: `${base}/-/issues/${issues.length + 1}`,
    };
    issues.push(iss);
    return send(res, 201, iss);
  }
  if ((r = /^issues\/(\d+)$/.exec(rest)) && req.method === "PUT") {
    const iss = issues.find((i) => i.iid === Number(r[1]));
    if (!iss) return send(res, 404, { message: "404 Issue Not Found" });
    if (body.state_event === "close") iss.state = "closed";
    if (body.state_event === "reopen") iss.state = "opened";
    for (const k of ["title", "description", "due_date"]) if (body[k] !== undefined) iss[k] = body[k];
    if (body.add_labels) iss.labels = [...new Set([...iss.labels, ...labelsOf(body.add_labels)])];
    if (body.remove_labels) iss.labels = iss.labels.filter((l) => !labelsOf(body.remove_labels).includes(l));
    iss.updated_at = now();
    return send(res, 200, iss);
  }
  if (/^issues\/\d+\/notes$/.test(rest) && req.method === "GET") return list(res, []);
  if (/^issues\/\d+\/notes$/.test(rest) && req.method === "POST") return send(res, 201, { id: ++seq, body: body.body });
  if ((r = /^merge_requests\/(\d+)\/notes$/.exec(rest))) {
    const notes = mrNotes.get(r[1]) || [];
    mrNotes.set(r[1], notes);
    if (req.method === "GET") return list(res, notes);
    if (req.method === "POST") {
      const n = { id: ++seq, body: body.body, created_at: now(), updated_at: now() };
      notes.push(n);
      return send(res, 201, n);
    }
  }
  if ((r = /^merge_requests\/(\d+)\/notes\/(\d+)$/.exec(rest)) && req.method === "PUT") {
    const n = (mrNotes.get(r[1]) || []).find((x) => x.id === Number(r[2]));
    if (!n) return send(res, 404, { message: "404 Note Not Found" });
    n.body = body.body;
    n.updated_at = now();
    return send(res, 200, n);
  }
  if (rest === "pipelines" && req.method === "GET") {
    const p = { id: 100, iid: 1, project_id: 1, ref: url.searchParams.get("ref"), sha: "0".repeat(40), source: "push",
      status: args.red ? "failed" : "success", created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:10:00Z",
      web_url: `${base}/-/pipelines/100` };
    return list(res, [p]);
  }
  if (/^pipelines\/\d+\/jobs$/.test(rest) && req.method === "GET") {
    return list(res, [{ id: 101, name: "test", stage: "test", status: "failed", web_url: `${base}/-/jobs/101` }]);
  }
  if ((r = /^repository\/files\/([^/]+)\/raw$/.exec(rest)) && req.method === "GET") {
    const file = decodeURIComponent(r[1]);
    const full = path.resolve(args.files, file);
    if (!full.startsWith(path.resolve(args.files) + path.sep) || !fs.existsSync(full)) {
      return send(res, 404, { message: "404 File Not Found" });
    }
    res.writeHead(200, { "Content-Type": "text/plain" });
    return res.end(fs.readFileSync(full));
  }
  return send(res, 404, { message: `404 fake-gitlab has no ${req.method} ${rest}` });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const url = new URL(req.url, "http://localhost");
    const raw = Buffer.concat(chunks).toString("utf8");
    let body = {};
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = Object.fromEntries(new URLSearchParams(raw));
      }
    }
    const auth = req.headers["private-token"] === args.token;
    fs.appendFileSync(args.log, JSON.stringify({ method: req.method, path: url.pathname, query: url.search, auth, body }) + "\n");
    if (!auth) return send(res, 401, { message: "401 Unauthorized" });
    route(req, res, url, body);
  });
});
server.listen(0, "127.0.0.1", () => {
  fs.writeFileSync(args["port-file"], String(server.address().port));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
