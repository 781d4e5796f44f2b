// A checkout page's use of the package, type-checked with `tsc --noEmit --strict` against
// the built pkg/ (tsconfig.json). Wrong usage is marked `@ts-expect-error`: if the types
// ever accept it, tsc fails on the unused directive.
import {
  applyMask,
  connect,
  ready,
  removeMask,
  Session,
  type APIError,
  type CallOptions,
  type ConnectError,
  type ConnectErrorName,
  type CustomerDetails,
  type CustomerDetailsRequest,
  type ErrorResponse,
  type LookupField,
  type MaskedValue,
  type PaymentDetails,
  type PaymentProduct,
  type PaymentProductField,
  type SessionDetails,
  type SessionOptions,
  type Validators,
} from "connect-sdk-client-wasm";
import {
  ConnectAddressLookup,
  MESSAGES,
  languageOf,
  type LookupErrorDetail,
  type LookupState,
} from "connect-sdk-client-wasm/element";

/** `true` only when T is `any`. */
type IsAny<T> = 0 extends 1 & T ? true : false;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): void {}

const details: SessionDetails = {
  clientSessionId: "f84e5c8d5c5c4a5f9d1b1b3e6d6a6c1f",
  customerId: "1234-abcdef",
  clientApiUrl: "https://clientapi.example/client/v1",
  assetUrl: "https://assets.example/",
};
const options: SessionOptions = { timeoutMs: 5000, cache: false };
const session = new connect(details, options);
const same: connect = new Session(details);
const url: string = session.clientApiUrl + same.assetUrl;

const payment: PaymentDetails = { totalAmount: 124900, countryCode: "SE", currency: "SEK", locale: "sv_SE" };
const abort = new AbortController();
const call: CallOptions = { timeoutMs: 3000, signal: abort.signal };

async function checkout(): Promise<string> {
  const fields = await session.getCustomerDetailsFields(9000, payment, call);
  assertType<Equal<typeof fields, LookupField[]>>();
  const first: LookupField | undefined = fields[0];
  const required: boolean = first?.isRequired ?? false;
  const validators: Validators | undefined = first?.validators;
  const maxLength: number | undefined = validators?.length?.maxLength;
  const pattern: string | undefined = validators?.regularExpression?.regularExpression;
  const allowed: string[] | undefined = validators?.fixedList?.allowedValues;
  const hint: string = [first?.label, first?.placeholder, first?.mask, first?.preferredInputType].join(" ");

  const product: PaymentProduct = await session.getPaymentProduct(9000, { ...payment, isRecurring: false });
  const productFields: PaymentProductField[] = product.fields ?? [];
  const logo: string | undefined = product.displayHints?.logo;
  const lookupIds = productFields.filter((f) => f.usedForLookup === true).map((f) => f.id);

  const request: CustomerDetailsRequest = {
    countryCode: "SE",
    values: fields.map((f) => ({ key: f.id, value: "012345678901" })),
  };
  try {
    const customer = await session.getCustomerDetails(9000, request);
    assertType<Equal<typeof customer, CustomerDetails>>();
    const address: (string | undefined)[] = [
      customer.firstName, customer.surname, customer.street, customer.zip, customer.city,
      customer.emailAddress, customer.phoneNumber, customer.country, customer.fiscalNumber,
      customer.languageCode,
    ];
    // Unknown fields are passed through, typed `unknown` (not `any`).
    assertType<Equal<(typeof customer)["somethingNew"], unknown>>();
    return address.join(" ") + hint + url + String(required) + maxLength + pattern + allowed + logo + lookupIds;
  } catch (e) {
    const error = e as ConnectError;
    const name: ConnectErrorName = error.name;
    const status: number = error.status;
    const entry: APIError | undefined = error.errors[0];
    const code: string | undefined = entry?.code;
    const errorId: string | undefined = error.errorId;
    if (name === "ConnectApiError" && code === "1214") return "not found";
    if (name === "ConnectLoadError") return "show the manual address form";
    // @ts-expect-error: not one of the error names
    const wrong: ConnectErrorName = "ConnectFooError";
    return [name, status, entry?.id, entry?.propertyName, errorId, wrong].join(" ");
  }
}

// Display masks (issue 12): the caret and the value sent.
function onInput(input: { value: string; selectionStart: number | null }, field: LookupField, before: string): string {
  const masked: MaskedValue = applyMask(field.mask, input.value, before);
  const shown: string = masked.formattedValue;
  const caret: number = masked.cursorIndex;
  const maxLength: number | undefined = field.maxLength;
  const noMask: MaskedValue = applyMask(undefined, input.value);
  return removeMask(field.mask ?? null, shown) + caret + maxLength + noMask.formattedValue;
}
assertType<Equal<IsAny<ReturnType<typeof applyMask>>, false>>();
assertType<Equal<ReturnType<typeof removeMask>, string>>();

// The drop-in element (connect-sdk-client-wasm/element).
function wire(lookup: ConnectAddressLookup, fill: (c: CustomerDetails) => void): string {
  const made = document.createElement("connect-address-lookup");
  assertType<Equal<typeof made, ConnectAddressLookup>>();
  lookup.session = session;
  lookup.messages = { notFound: "Not found.", sv: { find: "Sök" } };
  lookup.addEventListener("customerdetails", (e) => fill(e.detail));
  lookup.addEventListener("lookuperror", (e) => {
    const detail: LookupErrorDetail = e.detail;
    const name: ConnectErrorName = detail.error.name;
    console.info(detail.reason, name);
  });
  const state: LookupState = lookup.state;
  // @ts-expect-error: not a message key
  lookup.messages = { notAKey: "x" };
  // @ts-expect-error: the session is a connect
  lookup.session = details;
  return state + MESSAGES.en.notFound + MESSAGES[languageOf("sv_SE")].find + made.messages.find;
}

const body: ErrorResponse = { errorId: "x", errors: [{ code: "1214", id: "CUSTOMER_DETAILS_NOT_FOUND" }] };

// No `any` in what the class takes and gives.
assertType<Equal<IsAny<Awaited<ReturnType<connect["getCustomerDetails"]>>>, false>>();
assertType<Equal<IsAny<Awaited<ReturnType<connect["getCustomerDetailsFields"]>>[number]>, false>>();
assertType<Equal<IsAny<Awaited<ReturnType<connect["getPaymentProduct"]>>>, false>>();
assertType<Equal<IsAny<Parameters<connect["getCustomerDetails"]>[1]>, false>>();
assertType<Equal<IsAny<Parameters<connect["getPaymentProduct"]>[1]>, false>>();
assertType<Equal<IsAny<ConstructorParameters<typeof connect>[0]>, false>>();
assertType<Equal<IsAny<ConstructorParameters<typeof connect>[1]>, false>>();
assertType<Equal<typeof Session, typeof connect>>();

// ---- wrong usage ----------------------------------------------------------------------

// @ts-expect-error: the product id is a number, not a string
session.getCustomerDetails("9000", request());
// @ts-expect-error: the request needs a countryCode
session.getCustomerDetails(9000, { values: [{ key: "fiscalNumber", value: "012345678901" }] });
// @ts-expect-error: values are {key, value} pairs
session.getCustomerDetails(9000, { countryCode: "SE", values: ["012345678901"] });
// @ts-expect-error: the product id is a number, not a string
session.getCustomerDetailsFields("9000", payment);
// @ts-expect-error: payment details need a countryCode
session.getCustomerDetailsFields(9000, { totalAmount: 100, currency: "SEK" });
// @ts-expect-error: payment details need a currency
session.getPaymentProduct(9000, { totalAmount: 100, countryCode: "SE" });
// @ts-expect-error: the amount is a number of cents
session.getPaymentProduct(9000, { totalAmount: "1.00", countryCode: "SE", currency: "SEK" });
// @ts-expect-error: session details need all four strings
new connect({ clientSessionId: "a", customerId: "b", clientApiUrl: "https://h" });
// @ts-expect-error: unknown option
new connect(details, { timeout: 5 });
// @ts-expect-error: the signal is an AbortSignal
session.getCustomerDetails(9000, request(), { signal: "stop" });
// @ts-expect-error: wasm-bindgen's loader is not part of the package API
import("connect-sdk-client-wasm").then((m) => m.initSync);

// @ts-expect-error: the value to mask is a string
applyMask("{{9999}}", 1234);
// @ts-expect-error: removeMask needs the value
removeMask("{{9999}}");

function request(): CustomerDetailsRequest {
  return { countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] };
}

export { checkout, body, onInput, wire };

// `ready()` is optional; it resolves with nothing and rejects with a ConnectLoadError.
const loading: Promise<void> = ready();
assertType<Equal<Awaited<ReturnType<typeof ready>>, void>>();
// @ts-expect-error: ready takes no arguments
void ready("now");
void loading;
