// A tiny static file server for tests: 127.0.0.1 only, a free port, closed by the test.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * Serves `routes`, `{ "/prefix/": dir }` (the longest matching prefix wins), and resolves
 * with `{ url, requests, close }`; `requests` lists the paths asked for. `headers(url)`,
 * if given, adds response headers to a file's answer (a CSP, say).
 */
export async function serveStatic(routes, { headers = () => ({}) } = {}) {
  const table = Object.entries(routes)
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const path = decodeURIComponent(url.pathname);
    requests.push(path);
    const route = table.find(([prefix]) => path.startsWith(prefix));
    let file = route && join(route[1], path.slice(route[0].length));
    if (!route || (file !== route[1] && !file.startsWith(route[1] + sep))) file = null;
    try {
      if (file && (await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = file && (await readFile(file));
      if (!body) throw new Error("not found");
      res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store", ...headers(url) });
      res.end(body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise((ok, fail) => server.once("error", fail).listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
