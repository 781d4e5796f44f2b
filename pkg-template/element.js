// connect-sdk-client-wasm/element: the <connect-address-lookup> custom element, a drop-in
// customer details (address) lookup form. Give it a session and the payment's details:
//
//   <connect-address-lookup product-id="9000" country="SE" amount="124900" currency="SEK"
//     locale="sv_SE"></connect-address-lookup>
//   element.session = new connect(sessionDetails);
//   element.addEventListener("customerdetails", (e) => fillAddressForm(e.detail));
//
// It renders the product's lookup fields (getCustomerDetailsFields) with labels, masks,
// keyboards and required marks, checks them, looks up (getCustomerDetails), and says what
// happened in a live region, in English, Swedish, Norwegian Bokmål or Finnish. Styles are
// constructable stylesheets in a shadow root (no inline styles, so a strict CSP needs no
// 'unsafe-inline'); pages restyle it with CSS custom properties and ::part().
// A separate entry: importing "connect-sdk-client-wasm" never loads it.
import { applyMask, removeMask } from "./index.js";

/** Every message, by language. `{label}` is the field's label in running text. */
export const MESSAGES = {
  en: {
    find: "Find my address",
    busy: "Finding your address…",
    loading: "Loading…",
    found: "We found your address. Please check that it is right.",
    notFound: "We couldn't find an address for these details. Check what you entered, or fill in your address below.",
    unavailable: "This payment method isn't available in {country}. Choose another country, or another payment method.",
    noLookup: "Address lookup isn't available in {country}. Please fill in your address below.",
    network: "We couldn't reach the address service. Check your internet connection and try again.",
    timeout: "The address service is taking too long to answer. Please try again in a moment.",
    serviceError: "The address service has a problem right now. Please try again in a moment, or fill in your address below.",
    expired: "Your checkout session has expired. Reload the page to start again.",
    error: "Something went wrong with the lookup. Please try again, or fill in your address below.",
    pageError: "Something went wrong on this page. Please reload it, or fill in your address below.",
    checkField: "Please check the highlighted field.",
    retry: "Try again",
    required: "Enter your {label}.",
    lengthExact: "{Label} must be {min} {unit} long.",
    lengthRange: "{Label} must be {min} to {max} {unit} long.",
    format: "Check your {label}: use the format {placeholder}.",
    invalid: "Check your {label}: it doesn't look right.",
    digits: "digits",
    characters: "characters",
  },
  sv: {
    find: "Hitta min adress",
    busy: "Söker din adress…",
    loading: "Laddar…",
    found: "Vi hittade din adress. Kontrollera att den stämmer.",
    notFound: "Vi hittade ingen adress för de här uppgifterna. Kontrollera det du fyllde i, eller fyll i din adress nedan.",
    unavailable: "Betalsättet är inte tillgängligt i {country}. Välj ett annat land eller ett annat betalsätt.",
    noLookup: "Adressökning är inte tillgänglig i {country}. Fyll i din adress nedan.",
    network: "Vi kunde inte nå adresstjänsten. Kontrollera din internetanslutning och försök igen.",
    timeout: "Adresstjänsten tar för lång tid att svara. Försök igen om en stund.",
    serviceError: "Adresstjänsten har problem just nu. Försök igen om en stund, eller fyll i din adress nedan.",
    expired: "Din session har gått ut. Ladda om sidan för att börja om.",
    error: "Något gick fel med adressökningen. Försök igen, eller fyll i din adress nedan.",
    pageError: "Något gick fel på sidan. Ladda om den, eller fyll i din adress nedan.",
    checkField: "Kontrollera det markerade fältet.",
    retry: "Försök igen",
    required: "Fyll i {label}.",
    lengthExact: "{Label} ska ha {min} {unit}.",
    lengthRange: "{Label} ska ha {min} till {max} {unit}.",
    format: "Kontrollera {label}: använd formatet {placeholder}.",
    invalid: "Kontrollera {label}: det ser inte rätt ut.",
    digits: "siffror",
    characters: "tecken",
  },
  nb: {
    find: "Finn adressen min",
    busy: "Finner adressen din…",
    loading: "Laster inn…",
    found: "Vi fant adressen din. Sjekk at den stemmer.",
    notFound: "Vi fant ingen adresse for disse opplysningene. Sjekk det du skrev inn, eller fyll inn adressen din nedenfor.",
    unavailable: "Betalingsmåten er ikke tilgjengelig i {country}. Velg et annet land eller en annen betalingsmåte.",
    noLookup: "Adressesøk er ikke tilgjengelig i {country}. Fyll inn adressen din nedenfor.",
    network: "Vi fikk ikke kontakt med adressetjenesten. Sjekk internettforbindelsen og prøv igjen.",
    timeout: "Adressetjenesten bruker for lang tid på å svare. Prøv igjen om litt.",
    serviceError: "Adressetjenesten har problemer akkurat nå. Prøv igjen om litt, eller fyll inn adressen din nedenfor.",
    expired: "Økten din er utløpt. Last inn siden på nytt for å starte igjen.",
    error: "Noe gikk galt med adressesøket. Prøv igjen, eller fyll inn adressen din nedenfor.",
    pageError: "Noe gikk galt på siden. Last den inn på nytt, eller fyll inn adressen din nedenfor.",
    checkField: "Sjekk det markerte feltet.",
    retry: "Prøv igjen",
    required: "Fyll inn {label}.",
    lengthExact: "{Label} må ha {min} {unit}.",
    lengthRange: "{Label} må ha {min} til {max} {unit}.",
    format: "Sjekk {label}: bruk formatet {placeholder}.",
    invalid: "Sjekk {label}: det ser ikke riktig ut.",
    digits: "sifre",
    characters: "tegn",
  },
  fi: {
    find: "Hae osoitteeni",
    busy: "Haetaan osoitettasi…",
    loading: "Ladataan…",
    found: "Löysimme osoitteesi. Tarkista, että se on oikein.",
    notFound: "Näillä tiedoilla ei löytynyt osoitetta. Tarkista antamasi tiedot tai täytä osoitteesi alle.",
    unavailable: "Maksutapa ei ole käytettävissä maassa {country}. Valitse toinen maa tai toinen maksutapa.",
    noLookup: "Osoitehaku ei ole käytettävissä maassa {country}. Täytä osoitteesi alle.",
    network: "Osoitepalveluun ei saatu yhteyttä. Tarkista internetyhteytesi ja yritä uudelleen.",
    timeout: "Osoitepalvelu vastaa liian hitaasti. Yritä hetken kuluttua uudelleen.",
    serviceError: "Osoitepalvelussa on juuri nyt ongelma. Yritä hetken kuluttua uudelleen tai täytä osoitteesi alle.",
    expired: "Istuntosi on vanhentunut. Lataa sivu uudelleen aloittaaksesi alusta.",
    error: "Osoitehaussa tapahtui virhe. Yritä uudelleen tai täytä osoitteesi alle.",
    pageError: "Sivulla tapahtui virhe. Lataa se uudelleen tai täytä osoitteesi alle.",
    checkField: "Tarkista merkitty kenttä.",
    retry: "Yritä uudelleen",
    required: "Täytä kenttä: {label}.",
    lengthExact: "{Label}: pituuden on oltava {min} {unit}.",
    lengthRange: "{Label}: pituuden on oltava {min}–{max} {unit}.",
    format: "Tarkista kenttä {label}: käytä muotoa {placeholder}.",
    invalid: "Tarkista kenttä {label}: arvo ei näytä oikealta.",
    digits: "numeroa",
    characters: "merkkiä",
  },
};

Object.values(MESSAGES).forEach(Object.freeze);
Object.freeze(MESSAGES);

/** The language of a locale such as `sv_SE` or `nb-NO`; English when not one of ours. */
export function languageOf(locale) {
  const lang = String(locale ?? "").toLowerCase().split(/[-_]/)[0];
  if (lang === "no" || lang === "nn") return "nb";
  return Object.hasOwn(MESSAGES, lang) ? lang : "en";
}

const KEYBOARDS = {
  PhoneNumberKeyboard: { type: "tel", inputMode: "tel" },
  IntegerKeyboard: { type: "text", inputMode: "numeric" },
  EmailAddressKeyboard: { type: "email", inputMode: "email" },
};
const AUTOCOMPLETE = { phoneNumber: "tel-national", zip: "postal-code", emailAddress: "email" };
/** Load failures the shopper can retry. */
const RETRY = new Set(["network", "timeout", "service-error"]);

const CSS = `
:host {
  display: block;
  font: inherit;
  color: var(--connect-lookup-ink, inherit);
  --_accent: var(--connect-lookup-accent, #0b6e4f);
  --_error: var(--connect-lookup-error, #b3261e);
  --_radius: var(--connect-lookup-radius, 6px);
}
:host([hidden]) { display: none; }
form { display: grid; gap: var(--connect-lookup-gap, 1rem); }
.fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(var(--connect-lookup-field-width, 14rem), 1fr)); gap: var(--connect-lookup-gap, 1rem); }
.fields:empty { display: none; }
.field { display: grid; gap: .35rem; align-content: start; }
label { font-weight: 600; font-size: .925rem; }
.required { color: var(--_error); margin-inline-start: .15em; }
input {
  font: inherit; width: 100%; min-height: 2.75rem; padding: .5rem .75rem; box-sizing: border-box;
  color: inherit; background: var(--connect-lookup-input-background, #fff);
  border: 1px solid var(--connect-lookup-border, #98a2b3); border-radius: var(--_radius);
}
input:focus-visible, button:focus-visible { outline: 3px solid var(--connect-lookup-focus, #1a73e8); outline-offset: 2px; }
input[aria-invalid="true"] { border-color: var(--_error); box-shadow: 0 0 0 1px var(--_error); }
.error { margin: 0; color: var(--_error); font-size: .875rem; }
.hint { margin: 0; color: var(--connect-lookup-muted, #5b6675); }
.find {
  justify-self: start; display: inline-flex; align-items: center; gap: .5rem; min-height: 2.75rem;
  padding: .5rem 1.25rem; font: inherit; font-weight: 600; color: #fff; background: var(--_accent);
  border: 1px solid var(--_accent); border-radius: var(--_radius); cursor: pointer;
}
.find[aria-disabled="true"] { opacity: .6; cursor: not-allowed; }
.find.busy { opacity: .85; cursor: progress; }
.spinner { display: none; }
.busy .spinner {
  display: inline-block; width: 1rem; height: 1rem; border: 2px solid rgb(255 255 255 / 45%);
  border-top-color: #fff; border-radius: 50%; animation: spin .8s linear infinite;
}
@keyframes spin { to { transform: rotate(360deg); } }
.message:empty { display: none; }
.message { margin: 0; padding: .75rem 1rem; border-radius: var(--_radius); background: var(--connect-lookup-info-background, #eef2f7); }
.message p { margin: 0; }
.message.error { color: var(--_error); background: var(--connect-lookup-error-background, #fdecea); }
.message.success { color: var(--_accent); background: var(--connect-lookup-success-background, #e6f4ee); }
.message.busy { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; padding: 0; }
.retry { margin-top: .35rem; padding: 0; border: 0; background: none; font: inherit; color: inherit; text-decoration: underline; cursor: pointer; }
@media (prefers-reduced-motion: reduce) { .busy .spinner { animation: none; } }
`;

let sheet;
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "part" || k.startsWith("aria-") || k === "role") node.setAttribute(k, v);
    else node[k] = v;
  }
  node.append(...children);
  return node;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, k) => values[k] ?? "");
}

// In Node (a server render) there is no DOM: the module still imports, and registers nothing.
const ElementBase = typeof HTMLElement === "undefined" ? class {} : HTMLElement;

export class ConnectAddressLookup extends ElementBase {
  static observedAttributes = ["product-id", "country", "amount", "currency", "locale"];

  #session = null;
  #overrides = {};
  #fields = [];
  #state = "idle";
  #busy = false;
  #pending = new AbortController();
  #scheduled = false;
  #ui;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [styles()];
    const button = el("button", { type: "submit", className: "find", part: "button", "aria-disabled": "true" },
      el("span", { className: "spinner", "aria-hidden": "true" }), el("span", { className: "label" }));
    const message = el("div", { className: "message", part: "message", role: "status", "aria-live": "polite" });
    const fields = el("div", { className: "fields", part: "fields" });
    const form = el("form", { noValidate: true, part: "form" }, fields, button, message);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.#find();
    });
    root.append(form);
    this.#ui = { form, fields, button, label: button.querySelector(".label"), message };
  }

  /** The `connect` session the lookups run on. Setting it (re)loads the fields. */
  get session() {
    return this.#session;
  }
  set session(value) {
    this.#session = value ?? null;
    this.#schedule();
  }

  /**
   * The messages in use. Set overrides for every language (`{ notFound: "…" }`) or per
   * language (`{ en: { notFound: "…" }, sv: { notFound: "…" } }`).
   */
  get messages() {
    const lang = languageOf(this.getAttribute("locale"));
    const o = this.#overrides;
    const flat = Object.fromEntries(Object.entries(o).filter(([k, v]) => !Object.hasOwn(MESSAGES, k) && typeof v === "string"));
    return { ...MESSAGES[lang], ...flat, ...(o[lang] ?? {}) };
  }
  set messages(value) {
    this.#overrides = { ...(value ?? {}) };
    this.#renderLabels();
  }

  /** What the form is doing: `loading`, `ready`, `busy`, `found`, `invalid`, or a failure. */
  get state() {
    return this.#state;
  }

  connectedCallback() {
    this.#renderLabels();
    this.#schedule();
  }

  disconnectedCallback() {
    this.#pending.abort();
  }

  attributeChangedCallback(name, before, after) {
    if (before === after) return;
    if (name === "locale") this.#renderLabels();
    this.#schedule();
  }

  /** Loads the lookup fields again (what "Try again" does). */
  reload() {
    return this.#load();
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.isConnected) this.#load();
    });
  }

  #setState(state) {
    this.#state = state;
    this.setAttribute("state", state);
  }

  #renderLabels() {
    this.#ui.form.lang = languageOf(this.getAttribute("locale"));
    this.#ui.label.textContent = this.#busy ? this.messages.busy : this.messages.find;
  }

  #say(text, tone = "info", retry = false) {
    const { message } = this.#ui;
    message.replaceChildren();
    message.className = text ? `message ${tone}` : "message";
    if (!text) return;
    message.append(el("p", { textContent: text }));
    if (retry) {
      const b = el("button", { type: "button", className: "retry", part: "retry", textContent: this.messages.retry });
      b.addEventListener("click", () => this.reload());
      message.append(b);
    }
  }

  #setBusy(on) {
    this.#busy = on;
    const { button, form } = this.#ui;
    // aria-disabled rather than disabled, so keyboard focus stays on the button.
    button.setAttribute("aria-disabled", String(on || this.#fields.length === 0));
    button.classList.toggle("busy", on);
    form.setAttribute("aria-busy", String(on));
    this.#renderLabels();
  }

  #paymentDetails() {
    const locale = this.getAttribute("locale");
    return {
      totalAmount: Number(this.getAttribute("amount")),
      countryCode: this.getAttribute("country") ?? "",
      currency: this.getAttribute("currency") ?? "",
      ...(locale ? { locale } : {}),
    };
  }

  #productId() {
    return Number(this.getAttribute("product-id"));
  }

  #countryName() {
    const country = this.getAttribute("country") ?? "";
    try {
      return new Intl.DisplayNames([languageOf(this.getAttribute("locale"))], { type: "region" }).of(country) ?? country;
    } catch {
      return country;
    }
  }

  /** What a failed call means for the shopper; `null` for an abort. */
  #explain(error) {
    const code = error?.errors?.[0]?.code;
    switch (error?.name) {
      case "ConnectAbortError":
        return null;
      case "ConnectApiError":
        if (code === "1214") return { state: "not-found", key: "notFound" };
        if (code === "1103" || code === "1070") return { state: "unavailable", key: "unavailable" };
        if (error.status === 401 || error.status === 403) return { state: "expired", key: "expired" };
        if (error.status >= 500) break;
        return { state: "error", key: "error" };
      case "ConnectNetworkError":
        return { state: "network", key: "network" };
      case "ConnectTimeoutError":
        return { state: "timeout", key: "timeout" };
      case "ConnectInputError":
      case "ConnectInternalError":
        return { state: "error", key: "pageError" };
    }
    return { state: "service-error", key: "serviceError" };
  }

  /** Says what a failed call means, and fires `lookuperror`; `retry` offers "Try again". */
  #fail(error, retry = false) {
    const problem = this.#explain(error);
    if (!problem) return;
    const text = fill(this.messages[problem.key], { country: this.#countryName() });
    this.#say(text, "error", retry && RETRY.has(problem.state));
    this.#setState(problem.state);
    this.dispatchEvent(new CustomEvent("lookuperror", { bubbles: true, composed: true, detail: { reason: problem.state, error } }));
  }

  async #load() {
    this.#pending.abort();
    this.#pending = new AbortController();
    const { signal } = this.#pending;
    this.#fields = [];
    this.#setBusy(false);
    this.#ui.fields.replaceChildren(el("p", { className: "hint", textContent: this.messages.loading }));
    this.#say("");
    this.#setState("loading");
    if (!this.#session) return;
    try {
      const fields = await this.#session.getCustomerDetailsFields(this.#productId(), this.#paymentDetails(), { signal });
      if (signal.aborted) return;
      if (fields.length === 0) {
        this.#ui.fields.replaceChildren();
        this.#say(fill(this.messages.noLookup, { country: this.#countryName() }));
        this.#setState("no-lookup");
        return;
      }
      this.#render(fields);
      this.#setBusy(false);
      this.#setState("ready");
    } catch (error) {
      if (signal.aborted) return;
      this.#ui.fields.replaceChildren();
      this.#fail(error, true);
    }
  }

  #render(fields) {
    this.#fields = fields.map((field) => {
      const id = `lookup-${field.id}`;
      const label = el("label", { htmlFor: id, part: "label", textContent: field.label ?? field.id });
      if (field.isRequired) label.append(el("span", { className: "required", part: "required", "aria-hidden": "true", textContent: "*" }));
      const kind = KEYBOARDS[field.preferredInputType] ?? { type: "text" };
      const input = el("input", {
        id,
        name: field.id,
        type: kind.type,
        autocomplete: AUTOCOMPLETE[field.id] ?? "off",
        spellcheck: false,
        part: "input",
      });
      if (kind.inputMode) input.inputMode = kind.inputMode;
      if (field.placeholder) input.placeholder = field.placeholder;
      if (field.isRequired) {
        input.required = true;
        input.setAttribute("aria-required", "true");
      }
      const maxLength = field.mask ? field.maxLength : field.validators?.length?.maxLength;
      if (maxLength) input.maxLength = maxLength;
      const error = el("p", { id: `${id}-error`, className: "error", part: "error", hidden: true });
      const entry = { field, input, error };
      if (field.mask) this.#attachMask(input, field.mask);
      input.addEventListener("input", () => this.#mark(entry, null));
      entry.wrap = el("div", { className: "field", part: "field" }, label, input, error);
      return entry;
    });
    this.#ui.fields.replaceChildren(...this.#fields.map((f) => f.wrap));
  }

  /** Formats as the shopper types, with the caret kept after what they typed. */
  #attachMask(input, mask) {
    const show = (raw, rawBeforeCaret) => {
      input.value = applyMask(mask, raw).formattedValue;
      // The masked text before the caret is a prefix of the masked whole, so its length
      // is where the caret belongs.
      const at = applyMask(mask, rawBeforeCaret).formattedValue.length;
      if (this.shadowRoot.activeElement === input) input.setSelectionRange(at, at);
    };
    input.addEventListener("input", () => {
      const caret = input.selectionStart ?? input.value.length;
      show(input.value, input.value.slice(0, caret));
    });
    // Backspace just after an inserted literal (the "-") would only remove what the mask
    // puts back: delete the character before it instead.
    input.addEventListener("beforeinput", (e) => {
      const at = input.selectionStart;
      const v = input.value;
      if (e.inputType !== "deleteContentBackward" || !at || at !== input.selectionEnd) return;
      for (let j = at - 1; j >= 0; j--) {
        const rest = v.slice(0, j) + v.slice(at);
        if (applyMask(mask, rest).formattedValue === v) continue;
        if (j === at - 1) return; // an ordinary deletion
        e.preventDefault();
        show(rest, v.slice(0, j));
        input.dispatchEvent(new Event("input", { bubbles: true }));
        return;
      }
    });
  }

  #mark(entry, text) {
    const { input, error } = entry;
    error.textContent = text ?? "";
    error.hidden = !text;
    if (text) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", error.id);
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }

  #valueOf({ field, input }) {
    if (field.mask) return removeMask(field.mask, applyMask(field.mask, input.value).formattedValue);
    const value = input.value.trim();
    return field.type === "numericstring" ? value.replace(/[\s-]/g, "") : value;
  }

  /** The shopper-facing text for a value that breaks `rule`. */
  #problem({ field }, rule) {
    const m = this.messages;
    const Label = field.label ?? field.id;
    const label = Label.charAt(0).toLowerCase() + Label.slice(1);
    const unit = field.type === "numericstring" ? m.digits : m.characters;
    const { minLength: min, maxLength: max } = field.validators?.length ?? {};
    const values = { Label, label, unit, min, max, placeholder: field.placeholder };
    if (rule === "REQUIRED") return fill(m.required, values);
    if (rule === "LENGTH" && min != null && min === max) return fill(m.lengthExact, values);
    if (rule === "LENGTH" && min != null && max != null) return fill(m.lengthRange, values);
    return fill(field.placeholder ? m.format : m.invalid, values);
  }

  #invalid(marks) {
    for (const [entry, rule] of marks) this.#mark(entry, this.#problem(entry, rule));
    this.#say(this.messages.checkField, "error");
    this.#setState("invalid");
    marks[0][0].input.focus();
  }

  async #find() {
    if (this.#busy || this.#fields.length === 0 || !this.#session) return;
    const { signal } = this.#pending;
    this.#fields.forEach((f) => this.#mark(f, null));
    const values = this.#fields.map((f) => ({ key: f.field.id, value: this.#valueOf(f) }));
    // Every empty required field is marked at once; the SDK checks the product's rules.
    const empty = this.#fields.filter((f, i) => f.field.isRequired && values[i].value === "");
    if (empty.length) return this.#invalid(empty.map((f) => [f, "REQUIRED"]));
    this.#setBusy(true);
    this.#setState("busy");
    this.#say(this.messages.busy, "busy"); // announced; the button shows it
    try {
      const countryCode = this.getAttribute("country") ?? "";
      const customer = await this.#session.getCustomerDetails(this.#productId(), { countryCode, values }, { signal });
      if (signal.aborted) return;
      this.#say(this.messages.found, "success");
      this.#setState("found");
      this.dispatchEvent(new CustomEvent("customerdetails", { bubbles: true, composed: true, detail: customer }));
    } catch (error) {
      if (signal.aborted) return;
      const entry = error?.name === "ConnectInputError"
        ? this.#fields.find((f) => f.field.id === error.errors?.[0]?.propertyName)
        : undefined;
      if (entry) this.#invalid([[entry, error.errors[0].id]]);
      else this.#fail(error);
    } finally {
      if (!signal.aborted) this.#setBusy(false);
    }
  }
}

if (typeof customElements !== "undefined" && !customElements.get("connect-address-lookup")) {
  customElements.define("connect-address-lookup", ConnectAddressLookup);
}
