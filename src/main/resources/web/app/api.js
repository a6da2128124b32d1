// The HTTP contract (openapi.yaml, docs/contract.md) as the page uses it: JSON in and out, problem
// documents turned into ApiError, and every error `code` put in words a buyer understands.

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || (status === 0 ? 'NETWORK' : 'HTTP_' + status);
    this.detail = problem.detail || '';
    this.retryAfter = retryAfter;
  }
}

/** One call; `token` travels as a bearer token, `idempotencyKey` as Idempotency-Key. */
export async function call(method, path, { token, body, idempotencyKey } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(BASE + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, { detail: String(e) });
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch (e) {
    json = { detail: text };
  }
  if (!response.ok) throw new ApiError(response.status, json, response.headers.get('Retry-After'));
  return json;
}

const WORDS = {
  VALIDATION_FAILED: 'That request was not accepted. Please check what you entered.',
  TOKEN_INVALID: 'Your place in line was not recognised. Please join the waiting room again.',
  TOKEN_EXPIRED: 'Your shopping time has ended. Join the waiting room again to continue.',
  QUEUE_NOT_ACTIVE: 'It is not your turn yet. Please wait in the waiting room.',
  INSUFFICIENT_BALANCE: 'Your balance is too low to pay for these seats. Add money first.',
  NOT_FOUND: 'We could not find that. It may no longer exist.',
  SEAT_UNAVAILABLE: 'Sorry, someone else has just taken one of those seats. Please choose another.',
  SEAT_LIMIT_EXCEEDED: 'You can hold or own at most four seats for one date.',
  SALES_NOT_OPEN: 'Sales for this concert have not opened yet.',
  RESERVATION_EXPIRED: 'Your hold ran out before payment, so the seats were released. Please choose again.',
  RESERVATION_NOT_HELD: 'These seats are no longer on hold: they were already paid for or released.',
  RESERVATION_NOT_PAID: 'Only paid tickets can be refunded.',
  REFUND_WINDOW_CLOSED: 'Refunds for this date have closed.',
  BALANCE_LIMIT_EXCEEDED: 'That would take your balance over the maximum allowed.',
  IDEMPOTENCY_KEY_REUSED: 'This was already sent with different details. Please try again.',
  RATE_LIMITED: 'Too many attempts in a short time. Please wait a moment and try again.',
  PAYLOAD_TOO_LARGE: 'That request was too large.',
  UNAVAILABLE: 'The service is busy right now and nothing was changed. Please try again in a moment.',
  INTERNAL_ERROR: 'Something went wrong on our side. Please try again.',
  NETWORK: 'The service cannot be reached. Check your connection and try again.',
};

/** Words for a buyer: never a stack trace, never a bare code. */
export function inWords(error) {
  if (!(error instanceof ApiError)) return 'Something went wrong: ' + (error && error.message ? error.message : error);
  let words = WORDS[error.code] || `Something went wrong (${error.status}). Please try again.`;
  if (error.code === 'RATE_LIMITED' && error.retryAfter) {
    words = `Too many attempts in a short time. Please wait ${error.retryAfter} s and try again.`;
  }
  return words;
}

/** A random UUID (v4); crypto.randomUUID needs a secure context, getRandomValues does not. */
export function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
