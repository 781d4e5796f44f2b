// The packed package as an app gets it, shared by the packaging and bundler tests: `npm
// pack` pkg/ once, install the tarball into target/scratch/node_modules, and give each app
// a folder below it. The apps find the package there and the build tools (vite, webpack,
// next, rollup, esbuild) in the repository's node_modules further up, so one install
// serves them all.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, brotliCompressSync } from "node:zlib";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const pkg = join(root, "pkg");
export const scratch = join(root, "target/scratch");

export const run = (cmd, args, cwd, env = {}) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
export const npm = (args, cwd) => run("npm", [...args, "--no-audit", "--no-fund", "--no-update-notifier"], cwd);
export const sizes = (bytes) =>
  `${bytes.length} B, gzip ${gzipSync(bytes, { level: 9 }).length} B, brotli ${brotliCompressSync(bytes).length} B`;

/**
 * Packs pkg/ and installs the tarball into target/scratch (again only when pkg/ is newer
 * than the last install). Resolves with npm's description of the tarball.
 */
export function installPackage() {
  const stamp = join(scratch, "packed.json");
  const built = statSync(join(pkg, "index.js")).mtimeMs;
  if (existsSync(stamp) && statSync(stamp).mtimeMs > built) return JSON.parse(readFileSync(stamp, "utf8"));
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", scratch], pkg));
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch-checkouts", private: true }, null, 2));
  npm(["install", "--offline", join(scratch, packed.filename)], scratch);
  writeFileSync(stamp, JSON.stringify(packed));
  return packed;
}

/** A fresh, empty app folder below target/scratch, with `files` written into it. */
export function app(name, files = {}) {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}
