// The demo checkout page: pay by invoice (product 9000) with the customer details lookup.
// The lookup inputs come from the product (getCustomerDetailsFields), "Find my address"
// calls getCustomerDetails, and every failure becomes a message a shopper understands.
//
// Test hooks (query string): `customerId` fixes the session's customer id so a test can
// queue faults on it; `timeoutMs` shortens the SDK deadline.

const PRODUCT_ID = 9000;
const COUNTRIES = {
  SE: { name: "Sweden", currency: "SEK", locale: "sv_SE", lang: "sv-SE", prices: [99900, 12500] },
  NO: { name: "Norway", currency: "NOK", locale: "nb_NO", lang: "nb-NO", prices: [103900, 13000] },
  FI: { name: "Finland", currency: "EUR", locale: "fi_FI", lang: "fi-FI", prices: [9500, 1200] },
};
const ITEMS = [
  { name: "Merino wool sweater", quantity: 1 },
  { name: "Wool hiking socks", quantity: 2 },
];
// The address fields a lookup fills, by the name of the answer's field.
const ADDRESS_FIELDS = ["firstName", "surname", "street", "zip", "city", "emailAddress", "phoneNumber"];
const INPUT_TYPES = {
  PhoneNumberKeyboard: { type: "tel", inputMode: "tel" },
  IntegerKeyboard: { type: "text", inputMode: "numeric" },
  EmailAddressKeyboard: { type: "email", inputMode: "email" },
};
const AUTOCOMPLETE = { phoneNumber: "tel-national", zip: "postal-code", emailAddress: "email" };

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const ui = {
  country: $("country"),
  lookup: $("lookup"),
  fields: $("lookup-fields"),
  find: $("find"),
  findLabel: document.querySelector("#find .button__label"),
  message: $("lookup-message"),
  address: $("address"),
  addressMessage: $("address-message"),
};

let session = null;
/** The rendered lookup fields of the current country: `{field, input, error, mask}`. */
let lookupFields = [];
let ready = false;
let busy = false;
/** Aborts whatever the page is waiting for when the shopper changes country. */
let pending = new AbortController();

// ---- page state and messages -------------------------------------------------------

function setState(state) {
  document.body.dataset.state = state;
}

/** Shows `text` in the lookup's live region; `tone` is info, success, error or busy. */
function say(text, tone = "info", action = null) {
  ui.message.replaceChildren();
  ui.message.className = text ? `message message--${tone}` : "message";
  if (!text) return;
  const p = document.createElement("p");
  p.textContent = text;
  ui.message.append(p);
  if (action) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "button button--link";
    b.textContent = action.label;
    b.addEventListener("click", action.run);
    ui.message.append(b);
  }
}

function setReady(on) {
  ready = on;
  ui.find.setAttribute("aria-disabled", String(!on));
}

function setBusy(on) {
  busy = on;
  // aria-disabled rather than disabled, so keyboard focus stays on the button.
  ui.find.setAttribute("aria-disabled", String(on || !ready));
  ui.find.classList.toggle("is-busy", on);
  ui.lookup.setAttribute("aria-busy", String(on));
  ui.findLabel.textContent = on ? "Finding your address…" : "Find my address";
}

/** What a failed call means for the shopper. Never shows the server's own message. */
function explain(error, country) {
  const code = error?.errors?.[0]?.code;
  switch (error?.name) {
    case "ConnectAbortError":
      return null;
    case "ConnectApiError":
      if (code === "1214") {
        return {
          state: "not-found",
          text: "We couldn't find an address for these details. Check what you entered, or fill in your address below.",
        };
      }
      if (code === "1103" || code === "1070") {
        return {
          state: "unavailable",
          text: `Invoice isn't available in ${COUNTRIES[country].name}. Choose another country, or another payment method.`,
        };
      }
      if (error.status === 401 || error.status === 403) {
        return { state: "expired", text: "Your checkout session has expired. Reload the page to start again." };
      }
      if (error.status >= 500) break;
      return { state: "error", text: "Something went wrong with the lookup. Please try again, or fill in your address below." };
    case "ConnectNetworkError":
      return {
        state: "network",
        text: "We couldn't reach the address service. Check your internet connection and try again.",
      };
    case "ConnectTimeoutError":
      return {
        state: "timeout",
        text: "The address service is taking too long to answer. Please try again in a moment.",
      };
    case "ConnectInputError":
    case "ConnectInternalError":
      return { state: "error", text: "Something went wrong on this page. Please reload it, or fill in your address below." };
  }
  return {
    state: "service-error",
    text: "The address service has a problem right now. Please try again in a moment, or fill in your address below.",
  };
}

// ---- lookup inputs from the product's fields ---------------------------------------

/**
 * A Connect display mask such as `{{99999999}}-{{9999}}`: inside `{{ }}`, `9` is a digit,
 * `a` a letter and `*` any character; everything outside is shown as it stands.
 */
function parseMask(mask) {
  const slot = { 9: /\p{Nd}/u, a: /\p{L}/u, "*": /./u };
  const tokens = [];
  let inSlot = false;
  for (let i = 0; i < mask.length; i++) {
    if (mask.startsWith("{{", i) || mask.startsWith("}}", i)) {
      inSlot = mask[i] === "{";
      i++;
    } else {
      tokens.push(inSlot ? { slot: slot[mask[i]] ?? slot["*"] } : { literal: mask[i] });
    }
  }
  return tokens;
}

/** The characters of `text` that fill the mask's slots: what is sent to the API. */
function unmask(tokens, text) {
  const slots = tokens.filter((t) => t.slot);
  let raw = "";
  for (const ch of text) {
    if (raw.length === slots.length) break;
    // Literals, spaces and characters a slot does not take are dropped.
    if (slots[raw.length].slot.test(ch)) raw += ch;
  }
  return raw;
}

/** `raw` laid into the mask; a literal is shown only once a character follows it. */
function format(tokens, raw) {
  let out = "";
  let r = 0;
  for (const t of tokens) {
    if (r === raw.length) break;
    out += t.literal ?? raw[r++];
  }
  return out;
}

/** Index in the formatted text just after its `n`th slot character. */
function caretAfter(tokens, n) {
  if (n === 0) return 0;
  let seen = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].slot && ++seen === n) return i + 1;
  }
  return tokens.length;
}

function attachMask(input, tokens) {
  const apply = (raw, rawBeforeCaret) => {
    input.value = format(tokens, raw);
    const at = caretAfter(tokens, Math.min(rawBeforeCaret, raw.length));
    input.setSelectionRange(at, at);
  };
  input.addEventListener("input", () => {
    const before = unmask(tokens, input.value.slice(0, input.selectionStart ?? input.value.length)).length;
    apply(unmask(tokens, input.value), before);
  });
  // Backspace right after a literal (the "-") deletes the character before it.
  input.addEventListener("beforeinput", (e) => {
    const at = input.selectionStart;
    if (e.inputType !== "deleteContentBackward" || at !== input.selectionEnd || !at) return;
    if (!tokens[at - 1]?.literal) return;
    e.preventDefault();
    const raw = unmask(tokens, input.value);
    const n = unmask(tokens, input.value.slice(0, at)).length;
    if (n > 0) apply(raw.slice(0, n - 1) + raw.slice(n), n - 1);
  });
  input.maxLength = tokens.length;
}

function renderFields(fields) {
  lookupFields = fields.map((field) => {
    const wrap = document.createElement("div");
    wrap.className = "field";
    const id = `lookup-${field.id}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = field.label ?? field.id;
    if (!field.isRequired) {
      const optional = document.createElement("span");
      optional.className = "optional";
      optional.textContent = " (optional)";
      label.append(optional);
    }
    const input = document.createElement("input");
    input.id = id;
    input.name = field.id;
    const kind = INPUT_TYPES[field.preferredInputType] ?? { type: "text" };
    input.type = kind.type;
    if (kind.inputMode) input.inputMode = kind.inputMode;
    input.autocomplete = AUTOCOMPLETE[field.id] ?? "off";
    input.spellcheck = false;
    if (field.placeholder) input.placeholder = field.placeholder;
    if (field.isRequired) input.setAttribute("aria-required", "true");
    const error = document.createElement("p");
    error.id = `${id}-error`;
    error.className = "field__error";
    error.hidden = true;
    const mask = field.mask ? parseMask(field.mask) : null;
    if (mask) attachMask(input, mask);
    else if (field.validators?.length?.maxLength) input.maxLength = field.validators.length.maxLength;
    input.addEventListener("input", () => showFieldError(entry, null));
    wrap.append(label, input, error);
    const entry = { field, input, error, mask, wrap };
    return entry;
  });
  ui.fields.replaceChildren(...lookupFields.map((f) => f.wrap));
}

function valueOf({ field, input, mask }) {
  if (mask) return unmask(mask, input.value);
  const value = input.value.trim();
  return field.type === "numericstring" ? value.replace(/[\s-]/g, "") : value;
}

function showFieldError(entry, text) {
  entry.error.textContent = text ?? "";
  entry.error.hidden = !text;
  if (text) {
    entry.input.setAttribute("aria-invalid", "true");
    entry.input.setAttribute("aria-describedby", entry.error.id);
  } else {
    entry.input.removeAttribute("aria-invalid");
    entry.input.removeAttribute("aria-describedby");
  }
}

/** The shopper-facing text for a value the SDK rejected before sending it. */
function fieldProblem(entry, rule) {
  const { field } = entry;
  const name = field.label ?? field.id;
  const unit = field.type === "numericstring" ? "digits" : "characters";
  const { minLength: min, maxLength: max } = field.validators?.length ?? {};
  if (rule === "REQUIRED") return `Enter your ${name.toLowerCase()}.`;
  if (rule === "LENGTH" && min != null && min === max) return `${name} must be ${min} ${unit} long.`;
  if (rule === "LENGTH" && min != null && max != null) return `${name} must be ${min} to ${max} ${unit} long.`;
  if (field.placeholder) return `Check your ${name.toLowerCase()}: use the format ${field.placeholder}.`;
  return `Check your ${name.toLowerCase()}: it doesn't look right.`;
}

// ---- the flow ------------------------------------------------------------------------

function paymentDetails(country) {
  const c = COUNTRIES[country];
  const totalAmount = ITEMS.reduce((sum, item, i) => sum + item.quantity * c.prices[i], 0);
  return { totalAmount, countryCode: country, currency: c.currency, locale: c.locale, isRecurring: false };
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
  $("summary-total").textContent = money.format(paymentDetails(country).totalAmount / 100);
}

async function loadCountry(country) {
  pending.abort();
  pending = new AbortController();
  const { signal } = pending;
  setBusy(false);
  setReady(false);
  setState("loading");
  renderSummary(country);
  lookupFields = [];
  const loading = document.createElement("p");
  loading.className = "hint";
  loading.textContent = "Loading…";
  ui.fields.replaceChildren(loading);
  say("");
  try {
    const fields = await session.getCustomerDetailsFields(PRODUCT_ID, paymentDetails(country), { signal });
    if (signal.aborted) return;
    if (fields.length === 0) {
      ui.fields.replaceChildren();
      say(`Address lookup isn't available in ${COUNTRIES[country].name}. Please fill in your address below.`);
      setState("unavailable");
      return;
    }
    renderFields(fields);
    setReady(true);
    setState("ready");
  } catch (error) {
    const problem = explain(error, country);
    if (!problem || signal.aborted) return;
    ui.fields.replaceChildren();
    const retry = ["network", "timeout", "service-error"].includes(problem.state)
      ? { label: "Try again", run: () => loadCountry(ui.country.value) }
      : null;
    say(problem.text, "error", retry);
    setState(problem.state);
  }
}

async function findAddress() {
  if (busy || !ready) return;
  const country = ui.country.value;
  const { signal } = pending;
  lookupFields.forEach((f) => showFieldError(f, null));
  // Empty values are sent too: the SDK then names the missing field (REQUIRED).
  const values = lookupFields.map((f) => ({ key: f.field.id, value: valueOf(f) }));
  setBusy(true);
  setState("busy");
  say("Finding your address…", "busy"); // announced; shown by the button instead
  try {
    const customer = await session.getCustomerDetails(PRODUCT_ID, { countryCode: country, values }, { signal });
    if (signal.aborted) return;
    fillAddress(customer);
    say("We found your address and filled it in below. Please check that it is right.", "success");
    setState("filled");
  } catch (error) {
    if (signal.aborted) return;
    const invalid = error?.name === "ConnectInputError"
      ? lookupFields.find((f) => f.field.id === error.errors?.[0]?.propertyName)
      : undefined;
    if (invalid) {
      showFieldError(invalid, fieldProblem(invalid, error.errors[0].id));
      say("Please check the highlighted field.", "error");
      setState("invalid");
      invalid.input.focus();
      return;
    }
    const problem = explain(error, country);
    if (!problem) return;
    say(problem.text, "error");
    setState(problem.state);
  } finally {
    if (!signal.aborted) setBusy(false);
  }
}

function fillAddress(customer) {
  for (const name of ADDRESS_FIELDS) {
    const input = ui.address.elements.namedItem(name);
    const value = customer[name];
    if (!input || typeof value !== "string" || value === "") continue;
    input.value = value;
    input.classList.remove("is-filled");
    void input.offsetWidth; // restart the highlight animation
    input.classList.add("is-filled");
  }
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
  ui.lookup.addEventListener("submit", (e) => {
    e.preventDefault();
    findAddress();
  });
  ui.country.addEventListener("change", () => loadCountry(ui.country.value));
  ui.address.addEventListener("submit", (e) => {
    e.preventDefault();
    ui.addressMessage.textContent = "This is where the payment step would start. The demo ends here.";
  });
  renderSummary(ui.country.value);
  try {
    // Imported dynamically so that the page still works for manual entry, with a
    // message, if the SDK cannot load.
    const { connect } = await import("/pkg/index.js");
    const timeoutMs = Number(params.get("timeoutMs")) || undefined;
    session = new connect(await createSession(), { timeoutMs });
  } catch (error) {
    console.warn("The address lookup could not start:", error);
    ui.fields.replaceChildren();
    say("Address lookup isn't working right now. Please fill in your address below.", "error");
    setState("failed");
    return;
  }
  await loadCountry(ui.country.value);
}

start();
