// The seed example of the Client API page, run against the local Client API.
import { connect } from "/pkg/index.js";

const status = document.getElementById("status");
const form = document.getElementById("address");

// Stands in for the merchant server's Create Session call.
async function createSession() {
  const r = await fetch("/_control/sessions", { method: "POST", body: "{}" });
  return r.json();
}

const sessionDetails = await createSession();
const session = new connect(sessionDetails);
const paymentProductId = 9000;
const searchParameters = { countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] };

status.textContent = "Looking up the customer…";
session.getCustomerDetails(paymentProductId, searchParameters).then(
  (customer) => {
    for (const [name, value] of Object.entries(customer)) {
      if (form.elements[name]) form.elements[name].value = value;
    }
    status.textContent = "Address found and filled in.";
    document.body.dataset.state = "filled";
  },
  (error) => {
    status.textContent = "Lookup failed: " + error.name + " (status " + error.status + ")";
    document.body.dataset.state = "failed";
  },
);
