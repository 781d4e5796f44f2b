// The demo checkout page: pay by invoice (product 9000) with the customer details lookup.
// The lookup form is the SDK's drop-in element, <connect-address-lookup>; this file is the
// glue a merchant writes: a session, the payment's details on the element, and the
// address form filled when the element finds the customer. The rest is the order summary.
//
// Test hooks (query string): `customerId` fixes the session's customer id so a test can
// queue faults on it; `timeoutMs` shortens the SDK deadline.

const COUNTRIES = {
  SE: { currency: "SEK", lang: "sv-SE", prices: [99900, 12500] },
  NO: { currency: "NOK", lang: "nb-NO", prices: [103900, 13000] },
  FI: { currency: "EUR", lang: "fi-FI", prices: [9500, 1200] },
};
const ITEMS = [
  { name: "Merino wool sweater", quantity: 1 },
  { name: "Wool hiking socks", quantity: 2 },
];
// The address fields a lookup fills, by the name of the answer's field.
const ADDRESS_FIELDS = ["firstName", "surname", "street", "zip", "city", "emailAddress", "phoneNumber"];

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const lookup = $("lookup");
const address = $("address");

const total = (country) => ITEMS.reduce((sum, item, i) => sum + item.quantity * COUNTRIES[country].prices[i], 0);

/** The payment's details on the element: it reloads its fields when they change. */
function configure() {
  const country = $("country").value;
  lookup.setAttribute("country", country);
  lookup.setAttribute("currency", COUNTRIES[country].currency);
  lookup.setAttribute("amount", String(total(country)));
  lookup.setAttribute("locale", `${$("language").value}_${country}`);
  renderSummary(country);
}

function fillAddress(customer) {
  for (const name of ADDRESS_FIELDS) {
    const input = address.elements.namedItem(name);
    const value = customer[name];
    if (!input || typeof value !== "string" || value === "") continue;
    input.value = value;
    input.classList.remove("is-filled");
    void input.offsetWidth; // restart the highlight animation
    input.classList.add("is-filled");
  }
}

function renderSummary(country) {
  const c = COUNTRIES[country];
  const money = new Intl.NumberFormat(c.lang, { style: "currency", currency: c.currency });
  $("summary-lines").replaceChildren(
    ...ITEMS.map((item, i) => {
      const li = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = item.quantity > 1 ? `${item.name} × ${item.quantity}` : item.name;
      const price = document.createElement("span");
      price.textContent = money.format((item.quantity * c.prices[i]) / 100);
      li.append(name, price);
      return li;
    }),
  );
  $("summary-total").textContent = money.format(total(country) / 100);
}

async function createSession() {
  // Stands in for the merchant's server, which calls Create Session and hands the page
  // the four strings of the answer.
  const customerId = params.get("customerId");
  const response = await fetch("/_control/sessions", {
    method: "POST",
    body: JSON.stringify(customerId ? { customerId } : {}),
  });
  if (!response.ok) throw new Error(`Create Session answered ${response.status}`);
  return response.json();
}

async function start() {
  $("country").addEventListener("change", configure);
  $("language").addEventListener("change", configure);
  lookup.addEventListener("customerdetails", (e) => fillAddress(e.detail));
  address.addEventListener("submit", (e) => {
    e.preventDefault();
    $("address-message").textContent = "This is where the payment step would start. The demo ends here.";
  });
  configure();
  try {
    // Imported dynamically so that the page still works for manual entry, with a
    // message, if the SDK cannot load.
    const [{ connect, ready }] = await Promise.all([import("/pkg/index.js"), import("/pkg/element.js")]);
    // The page's own wording for one message; every other one is the element's.
    lookup.messages = { en: { unavailable: "Invoice isn't available in {country}. Choose another country, or another payment method." } };
    const timeoutMs = Number(params.get("timeoutMs")) || undefined;
    // The SDK's WebAssembly compiles (off the main thread) while the session is fetched.
    const [details] = await Promise.all([createSession(), ready()]);
    lookup.session = new connect(details, { timeoutMs });
  } catch (error) {
    console.warn("The address lookup could not start:", error);
    lookup.hidden = true;
    $("lookup-fallback").textContent = "Address lookup isn't working right now. Please fill in your address below.";
    $("lookup-fallback").hidden = false;
    document.body.dataset.state = "failed";
  }
}

start();
