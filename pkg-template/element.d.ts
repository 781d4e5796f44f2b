// Types of connect-sdk-client-wasm/element, the <connect-address-lookup> custom element.
import type { ConnectError, CustomerDetails, connect } from "./index.js";

/** The keys of every message the element shows. */
export type LookupMessageKey =
  | "find"
  | "busy"
  | "loading"
  | "found"
  | "notFound"
  | "unavailable"
  | "noLookup"
  | "network"
  | "timeout"
  | "serviceError"
  | "expired"
  | "error"
  | "pageError"
  | "checkField"
  | "retry"
  | "required"
  | "lengthExact"
  | "lengthRange"
  | "format"
  | "invalid"
  | "digits"
  | "characters";

/** Every message of one language. `{label}`, `{Label}`, `{country}`, `{min}`, `{max}`, `{unit}` and `{placeholder}` are filled in. */
export type LookupMessages = Record<LookupMessageKey, string>;

/** Overrides of some messages: for every language, or per language (`{ sv: { … } }`). */
export type LookupMessageOverrides = Partial<LookupMessages> & Partial<Record<LookupLanguage, Partial<LookupMessages>>>;

/** The languages the element speaks, chosen by the `locale` attribute (English otherwise). */
export type LookupLanguage = "en" | "sv" | "nb" | "fi";

/** What the form is doing; also reflected as the element's `state` attribute. */
export type LookupState =
  | "idle"
  | "loading"
  | "ready"
  | "busy"
  | "found"
  | "invalid"
  | "no-lookup"
  | LookupFailure;

/** Why a call failed, the `reason` of a `lookuperror` event. */
export type LookupFailure =
  | "not-found"
  | "unavailable"
  | "expired"
  | "network"
  | "timeout"
  | "service-error"
  | "error";

/** `detail` of the `lookuperror` event. */
export interface LookupErrorDetail {
  reason: LookupFailure;
  error: ConnectError;
}

/** Every message, by language. */
export declare const MESSAGES: Readonly<Record<LookupLanguage, LookupMessages>>;

/** The language of a locale such as `sv_SE` or `nb-NO`; `"en"` when not one of ours. */
export declare function languageOf(locale: string | null | undefined): LookupLanguage;

/**
 * `<connect-address-lookup product-id country amount currency locale>`: a customer details
 * lookup form. Set `session`; listen for `customerdetails` and `lookuperror`.
 */
export declare class ConnectAddressLookup extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The session the lookups run on. Setting it (re)loads the fields. */
  session: connect | null;
  /** The messages in use. Set overrides for every language, or per language. */
  get messages(): LookupMessages;
  set messages(value: LookupMessageOverrides | null | undefined);
  /** What the form is doing. */
  readonly state: LookupState;
  /** Loads the lookup fields again. */
  reload(): Promise<void>;
  connectedCallback(): void;
  disconnectedCallback(): void;
  attributeChangedCallback(name: string, before: string | null, after: string | null): void;
  addEventListener<K extends keyof ConnectAddressLookupEventMap>(
    type: K,
    listener: (this: ConnectAddressLookup, ev: ConnectAddressLookupEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

/** The element's own events. */
export interface ConnectAddressLookupEventMap extends HTMLElementEventMap {
  /** A lookup found the customer: `detail` is what `getCustomerDetails` resolved with. */
  customerdetails: CustomEvent<CustomerDetails>;
  /** Loading the fields or a lookup failed (not for values marked on their field). */
  lookuperror: CustomEvent<LookupErrorDetail>;
}

declare global {
  interface HTMLElementTagNameMap {
    "connect-address-lookup": ConnectAddressLookup;
  }
}
