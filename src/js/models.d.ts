// Generated from the Rust models (src/core/models.rs) by `UPDATE_TS=1 cargo test --lib`. Do not edit.

/**
 * Session details: the four strings a merchant server gets from Create Session
 * (checked, with `clientApiUrl` normalised, once built by [`RawSessionDetails::check`]).
 */
export type SessionDetails = { 
/**
 * Secret of the client session; goes only into the `Authorization` header.
 */
clientSessionId: string, 
/**
 * The customer id, a path segment of every call.
 */
customerId: string, 
/**
 * The normalised Client API base URL, ending in `/client/v1` (no trailing slash).
 */
clientApiUrl: string, 
/**
 * Base URL for logos and tooltip images, as given.
 */
assetUrl: string, };

/**
 * Session-wide settings (the `options` of `new connect`).
 */
export type SessionOptions = { 
/**
 * Deadline of every call, in ms (default 10000).
 */
timeoutMs?: number, 
/**
 * Cache successful answers and merge identical calls in flight (default true).
 */
cache?: boolean, };

/**
 * Per-call settings. `S` is the abort signal, which stays a JS value.
 */
export type CallOptions = { 
/**
 * Deadline of this call, in ms; overrides the session's.
 */
timeoutMs?: number, 
/**
 * Aborting it rejects the call with `ConnectAbortError`.
 */
signal?: AbortSignal, };

/**
 * One lookup value.
 */
export type KeyValuePair = { 
/**
 * The id of a lookup field.
 */
key: string, 
/**
 * What the shopper typed.
 */
value: string, };

/**
 * The request of `getCustomerDetails`, and the body it sends.
 */
export type CustomerDetailsRequest = { 
/**
 * ISO 3166-1 alpha-2; sent upper-case.
 */
countryCode: string, 
/**
 * Every field of the product whose `usedForLookup` is true, in any order.
 */
values: Array<KeyValuePair>, };

/**
 * The answer of `getCustomerDetails`: documented fields are strings; unknown fields
 * are passed through.
 */
export type CustomerDetails = { 
/**
 * City.
 */
city?: string, 
/**
 * ISO 3166-1 alpha-2 country code.
 */
country?: string, 
/**
 * E-mail address.
 */
emailAddress?: string, 
/**
 * Given name.
 */
firstName?: string, 
/**
 * Personal or fiscal number.
 */
fiscalNumber?: string, 
/**
 * ISO 639-1 language code.
 */
languageCode?: string, 
/**
 * Phone number.
 */
phoneNumber?: string, 
/**
 * Street and house number.
 */
street?: string, 
/**
 * Family name.
 */
surname?: string, 
/**
 * Postal code.
 */
zip?: string, } & ({ [key in string]: unknown });

/**
 * What `getPaymentProduct` needs to know about the payment (names as in
 * connect-sdk-client-js); checked once built by [`RawPaymentDetails::check`].
 */
export type PaymentDetails = { 
/**
 * Amount in cents, a non-negative integer.
 */
totalAmount: number, 
/**
 * Upper-case country code.
 */
countryCode: string, 
/**
 * Upper-case ISO 4217 currency code.
 */
currency: string, 
/**
 * Locale such as `sv_SE`, when given.
 */
locale?: string, 
/**
 * Whether the payment is recurring, when given.
 */
isRecurring?: boolean, };

/**
 * `length` validator.
 */
export type LengthValidator = { 
/**
 * Fewest UTF-16 code units.
 */
minLength?: number, 
/**
 * Most UTF-16 code units.
 */
maxLength?: number, } & ({ [key in string]: unknown });

/**
 * `regularExpression` validator.
 */
export type RegularExpressionValidator = { 
/**
 * The pattern, run by the browser's `RegExp`.
 */
regularExpression?: string, } & ({ [key in string]: unknown });

/**
 * `range` validator.
 */
export type RangeValidator = { 
/**
 * Smallest value.
 */
minValue?: number, 
/**
 * Largest value.
 */
maxValue?: number, } & ({ [key in string]: unknown });

/**
 * `fixedList` validator.
 */
export type FixedListValidator = { 
/**
 * The values allowed.
 */
allowedValues?: Array<string>, } & ({ [key in string]: unknown });

/**
 * Validators of a product field, as the API sends them.
 */
export type Validators = { 
/**
 * `length`.
 */
length?: LengthValidator, 
/**
 * `regularExpression`.
 */
regularExpression?: RegularExpressionValidator, 
/**
 * `range`.
 */
range?: RangeValidator, 
/**
 * `fixedList`.
 */
fixedList?: FixedListValidator, 
/**
 * `luhn`.
 */
luhn?: { [key in string]: unknown }, 
/**
 * `emailAddress`.
 */
emailAddress?: { [key in string]: unknown }, 
/**
 * `expirationDate`.
 */
expirationDate?: { [key in string]: unknown }, 
/**
 * `iban`.
 */
iban?: { [key in string]: unknown }, 
/**
 * `residentIdNumber`.
 */
residentIdNumber?: { [key in string]: unknown }, 
/**
 * `termsAndConditions`.
 */
termsAndConditions?: { [key in string]: unknown }, } & ({ [key in string]: unknown });

/**
 * `dataRestrictions` of a product field.
 */
export type DataRestrictions = { 
/**
 * Whether the field must be filled in.
 */
isRequired?: boolean, 
/**
 * Its validators.
 */
validators?: Validators, } & ({ [key in string]: unknown });

/**
 * A hint for the shopper next to a field.
 */
export type Tooltip = { 
/**
 * Image path; made absolute against `assetUrl`.
 */
image?: string, 
/**
 * Text.
 */
label?: string, } & ({ [key in string]: unknown });

/**
 * One choice of a list field.
 */
export type ValueMapping = { 
/**
 * What the shopper sees.
 */
displayName?: string, 
/**
 * What is sent.
 */
value?: string, } & ({ [key in string]: unknown });

/**
 * How a field is rendered.
 */
export type FormElement = { 
/**
 * `text`, `list`, `currency`, `date`, `boolean`.
 */
type?: string, 
/**
 * The choices of a `list`.
 */
valueMapping?: Array<ValueMapping>, } & ({ [key in string]: unknown });

/**
 * `displayHints` of a product field.
 */
export type FieldDisplayHints = { 
/**
 * Position in the form; fields are sorted by it.
 */
displayOrder?: number, 
/**
 * Label.
 */
label?: string, 
/**
 * Placeholder.
 */
placeholderLabel?: string, 
/**
 * Input mask, e.g. `{{9999}}`.
 */
mask?: string, 
/**
 * Whether the value is hidden while typed.
 */
obfuscate?: boolean, 
/**
 * Keyboard, e.g. `IntegerKeyboard`.
 */
preferredInputType?: string, 
/**
 * How the field is rendered.
 */
formElement?: FormElement, 
/**
 * A hint for the shopper; `image` is made absolute against `assetUrl`.
 */
tooltip?: Tooltip, } & ({ [key in string]: unknown });

/**
 * A field of a payment product.
 */
export type PaymentProductField = { 
/**
 * Field id: the `key` of a lookup value.
 */
id: string, 
/**
 * `string`, `numericstring`, `date`, `boolean`, …
 */
type: string, 
/**
 * Whether the field is a lookup input of `getCustomerDetails`.
 */
usedForLookup?: boolean, 
/**
 * Whether and how the value is checked.
 */
dataRestrictions?: DataRestrictions, 
/**
 * How the field is shown.
 */
displayHints?: FieldDisplayHints, } & ({ [key in string]: unknown });

/**
 * `displayHints` of a payment product.
 */
export type ProductDisplayHints = { 
/**
 * Position among products.
 */
displayOrder?: number, 
/**
 * Name.
 */
label?: string, 
/**
 * Logo path; made absolute against `assetUrl`.
 */
logo?: string, } & ({ [key in string]: unknown });

/**
 * A payment product: `fields` sorted by `displayHints.displayOrder`, unknown
 * properties passed through.
 */
export type PaymentProduct = { 
/**
 * Product id.
 */
id: number, 
/**
 * E.g. `invoice`, `card`.
 */
paymentMethod?: string, 
/**
 * How the product is shown.
 */
displayHints?: ProductDisplayHints, 
/**
 * Its fields.
 */
fields?: Array<PaymentProductField>, } & ({ [key in string]: unknown });

/**
 * A field the shopper fills in for a customer details lookup, in display order.
 */
export type LookupField = { 
/**
 * The `key` to send in `values`.
 */
id: string, 
/**
 * The field's type.
 */
type: string, 
/**
 * Label.
 */
label?: string, 
/**
 * From `placeholderLabel`.
 */
placeholder?: string, 
/**
 * Display mask such as `{{99999999}}-{{9999}}`; see `applyMask`.
 */
mask?: string, 
/**
 * Length of a full value once masked, for the input's `maxLength`; only with a mask.
 */
maxLength?: number, 
/**
 * Keyboard.
 */
preferredInputType?: string, 
/**
 * Position in the form.
 */
displayOrder?: number, 
/**
 * A hint for the shopper; `image` is absolute.
 */
tooltip?: Tooltip, 
/**
 * Whether the field must be filled in.
 */
isRequired: boolean, 
/**
 * Its validators (`{}` when none).
 */
validators: Validators, };

/**
 * A value laid into its mask, and where the caret goes (`applyMask`'s answer).
 */
export type Masked = { 
/**
 * The value as the form shows it.
 */
formattedValue: string, 
/**
 * `MaskingUtil`'s cursor index, in UTF-16 code units: one past the first character
 * that differs from the previous value, or one past the end when the value grew by
 * one character at its end; `1` when nothing differs. It can exceed the length by
 * one, as in 4.0.4 (`setSelectionRange` clamps it).
 */
cursorIndex: number, };

/** A value laid into a display mask, as `applyMask` returns it. */
export type MaskedValue = Masked;

/**
 * One entry of an `ErrorResponse`, or the single entry the SDK makes for its own errors.
 */
export type ApiError = { 
/**
 * Error code, e.g. `1214`, or the SDK's (`INVALID_INPUT`, `TIMEOUT`, …).
 */
code: string, 
/**
 * `CONNECT_PLATFORM_ERROR`, or `CLIENT_SDK` for the SDK's own.
 */
category?: string, 
/**
 * HTTP status the API meant.
 */
httpStatusCode?: number, 
/**
 * Error id, e.g. `CUSTOMER_DETAILS_NOT_FOUND`, or the SDK's rule.
 */
id?: string, 
/**
 * The API's text. Never show this to the shopper.
 */
message?: string, 
/**
 * The property at fault.
 */
propertyName?: string, 
/**
 * The API's request id.
 */
requestId?: string, };

/** The same entry under the name the API reference uses. */
export type APIError = ApiError;

/**
 * The body of a Client API error answer.
 */
export type ErrorResponse = { 
/**
 * Id of the error, for support.
 */
errorId: string, 
/**
 * What went wrong; never empty.
 */
errors: Array<ApiError>, };

/** The closed set of `name`s of the errors every promise rejects with. */
export type ConnectErrorName =
  | "ConnectInputError"
  | "ConnectApiError"
  | "ConnectHttpError"
  | "ConnectResponseError"
  | "ConnectNetworkError"
  | "ConnectTimeoutError"
  | "ConnectAbortError"
  | "ConnectInternalError"
  | "ConnectLoadError";
