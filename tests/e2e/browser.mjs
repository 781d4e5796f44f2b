// Launches Debian's Chromium through playwright-core (never a downloaded browser).
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launch() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** The local Client API's origin (scripts/lib.sh start_api: API_URL). */
export function apiUrl() {
  const url = process.env.CONNECT_TEST_API;
  if (!url) throw new Error("CONNECT_TEST_API is not set: run scripts/test.sh");
  return url;
}

/**
 * The origin pages load from (start_api: PAGE_URL): the static mounts, and /_control
 * standing in for the merchant's server. Never the API's origin, so every call a page
 * makes to the Client API is a cross-origin CORS call, as in production.
 */
export function pageUrl() {
  const url = process.env.CONNECT_TEST_PAGE;
  if (!url) throw new Error("CONNECT_TEST_PAGE is not set: run scripts/test.sh");
  if (new URL(url).origin === new URL(apiUrl()).origin) throw new Error("CONNECT_TEST_PAGE must be another origin than CONNECT_TEST_API");
  return url;
}

/** The local Client API's control routes for one session (`path` below its customer). */
export async function control(path, body) {
  const r = await fetch(`${apiUrl()}/_control/sessions/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`control ${path}: ${r.status}`);
  return r.json();
}

/** Queues faults for the session of `customerId` (tests/local-api/README.md, Faults). */
export const queueFaults = (customerId, faults) => control(`${encodeURIComponent(customerId)}/faults`, faults);

/** The bodies of the lookups the local API received for `customerId`, oldest first. */
export async function lookupsSent(customerId) {
  const { requests } = await control(`${encodeURIComponent(customerId)}/requests`);
  return requests.filter((r) => r.path.endsWith("/customerDetails")).map((r) => JSON.parse(r.body));
}
