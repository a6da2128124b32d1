// The buyer's page: choose a concert, wait in its room, pick seats on a live map, hold them,
// top up, pay, see the tickets as QR codes, refund. Everything goes through the public API.
import { call, inWords, uuid, ApiError } from './api.js';
import { follow } from './live.js';

const $ = id => document.getElementById(id);
const won = n => new Intl.NumberFormat('en-US').format(n) + ' won';
const when = iso => new Date(iso).toLocaleString(undefined, {
  weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
});
const MAX_SEATS = 4;
const seatsWord = numbers => `Seat${numbers.length > 1 ? 's' : ''} ${numbers.join(', ')}`;

// Development mode trusts a userId: one buyer per browser tab (sessionStorage is per tab).
const store = {
  get(key) {
    try { return JSON.parse(sessionStorage.getItem('concert.' + key)); } catch (e) { return null; }
  },
  set(key, value) {
    if (value === null || value === undefined) sessionStorage.removeItem('concert.' + key);
    else sessionStorage.setItem('concert.' + key, JSON.stringify(value));
  },
};

const state = {
  userId: store.get('userId') || uuid(),
  concert: null,        // {concertId, title, salesOpenAt?}
  token: null,          // the queue token string
  tokenStatus: null,    // last token answer
  schedule: null,       // chosen schedule
  seats: new Map(),     // seatNumber -> {status, price}
  selected: new Set(),  // seat numbers chosen, not yet held
  hold: null,           // the live HELD reservation
  holding: false,       // a hold request is on its way
  balance: null,
  roomFollower: null,
  seatFollower: null,
  countdownTimer: null,
  paidToken: null,      // the token used to pay (identity gate: still reads tickets and refunds)
};
store.set('userId', state.userId);

// ------------------------------------------------------------------------------------ messages

function showError(error) {
  const box = $('error');
  box.textContent = inWords(error);
  box.dataset.code = error instanceof ApiError ? error.code : 'CLIENT';
  box.hidden = false;
}

function clearError() {
  const box = $('error');
  box.hidden = true;
  box.textContent = '';
  delete box.dataset.code;
}

let noticeTimer = null;
function notice(text) {
  $('notice').textContent = text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { $('notice').textContent = ''; }, 10000);
}

function reveal(sectionId, focus = true) {
  const section = $(sectionId);
  section.hidden = false;
  if (focus) {
    const heading = section.querySelector('h2');
    heading.focus({ preventScroll: true });
    section.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }
}

function hide(...ids) {
  ids.forEach(id => { $(id).hidden = true; });
}

// Idempotency-Key per money operation. The service replays a key's first answer, problems
// included, so a key is kept only while its request is unanswered (the network failed: it may
// have been done) and a retry must not do it twice; any answer ends it, so that, say, paying
// again after a top-up is a new request and not the replay of "balance too low".
const unanswered = new Map();

async function once(operation, request) {
  if (!unanswered.has(operation)) unanswered.set(operation, uuid());
  try {
    const answer = await request(unanswered.get(operation));
    unanswered.delete(operation);
    return answer;
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 0)) unanswered.delete(operation);
    throw e;
  }
}

/** Runs an action from a button: busy while it runs, errors shown in words. */
async function act(button, action) {
  if (button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  clearError();
  try {
    await action();
  } catch (e) {
    showError(e);
  } finally {
    if (button) {
      button.removeAttribute('aria-busy');
      button.disabled = false;
    }
    refreshButtons();
  }
}

// ------------------------------------------------------------------------------------ balance

async function loadBalance(token = state.token || state.paidToken) {
  if (!token) return;
  const answer = await call('GET', '/balance', { token });
  setBalance(answer.balance);
}

function setBalance(value) {
  state.balance = value;
  $('balance').textContent = won(value);
  suggestCharge();
}

function suggestCharge() {
  if (!state.hold) return;
  const missing = Math.max(state.hold.amount - (state.balance || 0), 0);
  $('charge-amount').value = missing > 0 ? missing : state.hold.amount;
}

// ----------------------------------------------------------------------------- 1. concerts

async function loadConcerts() {
  const list = $('concert-list');
  try {
    const answer = await call('GET', '/concerts');
    list.replaceChildren();
    if (answer.items.length === 0) {
      list.append(item('No concerts on sale right now.'));
    }
    for (const concert of answer.items) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'choice';
      button.dataset.concertId = concert.concertId;
      const title = document.createElement('strong');
      title.textContent = concert.title;
      button.append(title);
      if (concert.salesOpenAt && new Date(concert.salesOpenAt) > new Date()) {
        const small = document.createElement('span');
        small.textContent = 'Sales open ' + when(concert.salesOpenAt);
        button.append(small);
      }
      button.addEventListener('click', () => act(button, () => { markChosen(button); return joinRoom(concert); }));
      list.append(item(button));
    }
  } catch (e) {
    showError(e);
  } finally {
    list.removeAttribute('aria-busy');
  }
}

/** The chosen one of a list of choices, for eyes (style) and screen readers (aria-current). */
function markChosen(button) {
  button.closest('ul').querySelectorAll('button[aria-current]').forEach(b => b.removeAttribute('aria-current'));
  button.setAttribute('aria-current', 'true');
}

function item(content) {
  const li = document.createElement('li');
  li.append(content);
  return li;
}

// ----------------------------------------------------------------------------- 2. the room

async function joinRoom(concert) {
  stopFollowing();
  hide('step-dates', 'step-seats', 'step-hold');
  state.concert = concert;
  state.schedule = null;
  state.hold = null;
  state.tokenStatus = null;
  let token;
  try {
    token = await call('POST', '/queue/tokens', { body: { userId: state.userId, concertId: concert.concertId } });
  } catch (e) {
    // A server without waiting rooms per concert refuses the field: join its one room instead.
    if (!(e instanceof ApiError && e.status === 400)) throw e;
    token = await call('POST', '/queue/tokens', { body: { userId: state.userId } });
  }
  state.token = token.token;
  $('room-concert').textContent = concert.title;
  $('rejoin').hidden = true;
  reveal('step-room');
  showRoom(token);
  followRoom();
}

function followRoom() {
  const token = state.token;
  state.roomFollower = follow({
    url: '/api/v1/queue/tokens/current/events?access_token=' + encodeURIComponent(token),
    events: { status: showRoom },
    poll: async () => showRoom(await call('GET', '/queue/tokens/current', { token })),
    // Once admitted, the room only has to notice the end of the shopping time.
    interval: () => (state.tokenStatus && state.tokenStatus.status === 'ACTIVE' ? 5000 : 1000),
    onMode: mode => liveMode('room-live', mode),
    onError: e => {
      if (e instanceof ApiError && e.status === 401) roomEnded();
    },
  });
}

function showRoom(token) {
  if (token.token && token.token !== state.token) return;
  const before = state.tokenStatus ? state.tokenStatus.status : null;
  state.tokenStatus = token;
  const box = $('room-status');
  box.dataset.status = token.status;
  box.dataset.position = token.position === null || token.position === undefined ? '' : token.position;
  box.dataset.paused = token.paused ? 'true' : '';
  const headline = $('room-headline');
  const detail = $('room-detail');
  if (token.status === 'WAITING' && (token.position === null || token.position === undefined)) {
    headline.textContent = 'You are in the pre-queue.';
    detail.textContent = token.opensAt
      ? `Sales open ${when(token.opensAt)}. Everyone here then gets a random place in line, so there is no need to hurry.`
      : 'Sales have not opened yet.';
  } else if (token.status === 'WAITING') {
    headline.textContent = `You are number ${token.position} in line.`;
    // The organiser paused the room: nobody is let in meanwhile, so there is no estimate.
    detail.textContent = token.paused
      ? 'The sale is paused for a moment. Keep this page open; you will not lose your place.'
      : token.estimatedWaitSeconds > 0
      ? `About ${waitInWords(token.estimatedWaitSeconds)} to go. Keep this page open; you will not lose your place.`
      : 'Almost there. Keep this page open.';
  } else if (token.status === 'ACTIVE') {
    headline.textContent = 'It is your turn!';
    detail.textContent = token.activeUntil
      ? `Choose and pay before ${new Date(token.activeUntil).toLocaleTimeString()}.`
      : 'Choose your seats now.';
    if (before !== 'ACTIVE') {
      loadDates().catch(showError);
    }
  } else {
    roomEnded();
  }
}

function roomEnded() {
  if (state.roomFollower) state.roomFollower.stop();
  state.roomFollower = null;
  liveMode('room-live', null);
  if (state.paidToken && state.paidToken === state.token) return; // paying ends the token: expected
  if (state.seatFollower) state.seatFollower.stop();
  state.seatFollower = null;
  $('room-status').dataset.status = 'EXPIRED';
  $('room-headline').textContent = 'Your shopping time has ended.';
  $('room-detail').textContent = 'Join the waiting room again to continue.';
  $('rejoin').hidden = false;
  hide('step-dates', 'step-seats', 'step-hold');
}

function waitInWords(seconds) {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function liveMode(id, mode) {
  const el = $(id);
  el.dataset.mode = mode || '';
  el.textContent = mode === 'stream' ? 'Live' : mode === 'poll' ? 'Updated every second' : '';
}

// ----------------------------------------------------------------------------- 3. dates

async function loadDates() {
  const answer = await call('GET', `/concerts/${state.concert.concertId}/schedules`, { token: state.token });
  const list = $('date-list');
  list.replaceChildren();
  if (answer.items.length === 0) list.append(item('No dates left with free seats.'));
  for (const schedule of answer.items) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'choice';
    button.dataset.scheduleId = schedule.scheduleId;
    const date = document.createElement('strong');
    date.textContent = when(schedule.startsAt);
    const facts = document.createElement('span');
    facts.textContent = `${won(schedule.price)} a seat · ${schedule.availableSeats} of ${schedule.totalSeats} free`;
    button.append(date, facts);
    button.addEventListener('click', () => act(button, () => { markChosen(button); return chooseDate(schedule); }));
    list.append(item(button));
  }
  reveal('step-dates');
  loadBalance().catch(() => {});
}

// ----------------------------------------------------------------------------- 4. seats

async function chooseDate(schedule) {
  if (state.seatFollower) state.seatFollower.stop();
  state.schedule = schedule;
  state.seats = new Map();
  state.selected.clear();
  $('seats-date').textContent = `${state.concert.title} · ${when(schedule.startsAt)} · ${won(schedule.price)} a seat`;
  $('seat-grid').replaceChildren();
  reveal('step-seats');
  followSeats();
  await resumeHold(schedule);
}

/** After a reload (same tab, same buyer): the hold made before it, if it still stands. */
async function resumeHold(schedule) {
  const saved = store.get('hold');
  if (!saved || saved.scheduleId !== schedule.scheduleId) return;
  try {
    const reservation = await call('GET', `/reservations/${saved.reservationId}`, { token: state.token });
    if (reservation.status === 'HELD' && new Date(reservation.heldUntil) > new Date()) showHold(reservation);
    else store.set('hold', null);
  } catch (e) {
    store.set('hold', null);
  }
}

function followSeats() {
  const token = state.token;
  const scheduleId = state.schedule.scheduleId;
  state.seatFollower = follow({
    url: `/api/v1/schedules/${scheduleId}/seats/events?access_token=${encodeURIComponent(token)}`,
    events: {
      snapshot: map => applySeatMap(map),
      seats: change => applyChanges(change.changes || []),
    },
    poll: async () => applySeatMap(await call('GET', `/schedules/${scheduleId}/seats`, { token })),
    onMode: mode => liveMode('seats-live', mode),
    onError: e => {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        if (state.seatFollower) state.seatFollower.stop();
        if (!state.paidToken) showError(e);
      }
    },
  });
}

function applySeatMap(map) {
  const items = map.items || map.seats || [];
  const changes = [];
  for (const seat of items) {
    const known = state.seats.get(seat.seatNumber);
    if (!known || known.status !== seat.status || known.price !== seat.price) changes.push(seat);
  }
  applyChanges(changes, state.seats.size > 0);
}

function applyChanges(changes, flash = true) {
  const grid = $('seat-grid');
  let chosenTaken = false;
  for (const change of changes) {
    const known = state.seats.get(change.seatNumber) || {};
    const seat = { seatNumber: change.seatNumber, status: change.status, price: change.price ?? known.price };
    state.seats.set(seat.seatNumber, seat);
    let button = grid.querySelector(`button[data-seat="${seat.seatNumber}"]`);
    if (!button) {
      button = seatButton(seat.seatNumber);
      insertInOrder(grid, button, seat.seatNumber);
    } else if (flash && known.status !== seat.status) {
      button.classList.remove('changed');
      void button.offsetWidth; // restart the animation
      button.classList.add('changed');
    }
    if (seat.status !== 'AVAILABLE' && state.selected.delete(seat.seatNumber)) chosenTaken = true;
    paintSeat(button, seat);
  }
  refreshButtons();
  // A seat the buyer had chosen went to someone else: say so, as a refused hold would, rather
  // than only greying out the Hold button they may be about to press.
  // (Not while a hold is on its way: its own change may come first, and its answer tells.)
  if (chosenTaken && !state.holding) showError(new ApiError(409, { code: 'SEAT_UNAVAILABLE' }));
}

function seatButton(number) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'seat';
  button.dataset.seat = number;
  button.textContent = number;
  button.addEventListener('click', () => toggleSeat(number));
  return button;
}

function insertInOrder(grid, button, number) {
  const after = Array.from(grid.children).find(b => Number(b.dataset.seat) > number);
  grid.insertBefore(button, after || null);
}

function mine(number) {
  return state.hold && state.hold.scheduleId === state.schedule.scheduleId && state.hold.seatNumbers.includes(number);
}

function paintSeat(button, seat) {
  const number = seat.seatNumber;
  const selected = state.selected.has(number);
  let look;
  let words;
  if (mine(number) && seat.status !== 'AVAILABLE') {
    look = 'mine';
    words = seat.status === 'SOLD' ? 'yours, paid' : 'held for you';
  } else if (seat.status === 'AVAILABLE') {
    look = selected ? 'selected' : 'available';
    words = selected ? 'free, selected' : 'free';
  } else if (seat.status === 'HELD') {
    look = 'held';
    words = 'taken, held by someone else';
  } else {
    look = 'sold';
    words = 'sold';
  }
  button.dataset.status = seat.status;
  button.dataset.look = look;
  const price = seat.price !== undefined ? `, ${won(seat.price)}` : '';
  button.setAttribute('aria-label', `Seat ${number}, ${words}${price}`);
  button.setAttribute('aria-pressed', selected ? 'true' : 'false');
  // aria-disabled, not disabled: taken seats stay focusable, so a keyboard user hears why.
  if (seat.status === 'AVAILABLE') button.removeAttribute('aria-disabled');
  else button.setAttribute('aria-disabled', 'true');
}

function repaintSeats() {
  for (const button of $('seat-grid').children) {
    const seat = state.seats.get(Number(button.dataset.seat));
    if (seat) paintSeat(button, seat);
  }
}

function toggleSeat(number) {
  const seat = state.seats.get(number);
  if (!seat || seat.status !== 'AVAILABLE') {
    notice(`Seat ${number} is not free.`);
    return;
  }
  if (state.selected.has(number)) {
    state.selected.delete(number);
  } else if (state.selected.size >= MAX_SEATS) {
    notice(`You can choose at most ${MAX_SEATS} seats.`);
    return;
  } else {
    state.selected.add(number);
    clearError(); // a new choice: what went wrong with the last one is past
  }
  paintSeat($('seat-grid').querySelector(`button[data-seat="${number}"]`), seat);
  refreshButtons();
}

function refreshButtons() {
  const chosen = [...state.selected].sort((a, b) => a - b);
  const price = state.schedule ? state.schedule.price : 0;
  $('selection').textContent = chosen.length === 0
    ? 'No seats selected.'
    : `${seatsWord(chosen)} · ${won(price * chosen.length)}`;
  const hold = $('hold');
  if (!hold.hasAttribute('aria-busy')) hold.disabled = chosen.length === 0 || state.hold !== null;
  hold.textContent = chosen.length > 1 ? `Hold ${chosen.length} seats` : 'Hold seat';
}

async function holdSeats() {
  const seatNumbers = [...state.selected].sort((a, b) => a - b);
  state.holding = true;
  try {
    const reservation = await call('POST', '/reservations', {
      token: state.token, body: { scheduleId: state.schedule.scheduleId, seatNumbers },
    });
    state.selected.clear();
    showHold(reservation);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'SEAT_UNAVAILABLE') {
      // Show at once what the map will show anyway: the seats that are gone.
      state.selected.clear();
      const map = await call('GET', `/schedules/${state.schedule.scheduleId}/seats`, { token: state.token }).catch(() => null);
      if (map) applySeatMap(map);
      repaintSeats();
    }
    throw e;
  } finally {
    state.holding = false;
  }
}

// ----------------------------------------------------------------------------- 5. hold and pay

function showHold(reservation) {
  state.hold = reservation;
  store.set('hold', reservation);
  for (const n of reservation.seatNumbers) {
    const seat = state.seats.get(n);
    if (seat) seat.status = 'HELD';
  }
  repaintSeats();
  const seats = reservation.seatNumbers;
  $('hold-summary').textContent =
    `${seatsWord(seats)} · ${state.concert.title}, ${when(state.schedule.startsAt)} · ${won(reservation.amount)}`;
  $('step-hold').dataset.reservationId = reservation.reservationId;
  startCountdown(reservation.heldUntil);
  suggestCharge();
  reveal('step-hold');
  notice(`${seatsWord(seats)} held for you. Pay before the time runs out.`);
  loadBalance().catch(() => {});
}

function startCountdown(heldUntil) {
  stopCountdown();
  const end = new Date(heldUntil).getTime();
  const clock = $('countdown');
  clock.dateTime = heldUntil;
  const tick = () => {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    clock.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
    clock.parentElement.classList.toggle('urgent', left <= 30);
    if (left === 0) {
      stopCountdown();
      clock.textContent = '0:00';
      holdEnded('Your hold ran out, so the seats were released. Please choose again.');
    }
  };
  tick();
  state.countdownTimer = setInterval(tick, 1000);
}

function stopCountdown() {
  if (state.countdownTimer) clearInterval(state.countdownTimer);
  state.countdownTimer = null;
}

function holdEnded(message) {
  stopCountdown();
  state.hold = null;
  store.set('hold', null);
  hide('step-hold');
  repaintSeats();
  refreshButtons();
  if (message) notice(message);
}

async function charge(event) {
  event.preventDefault();
  const amount = Number($('charge-amount').value);
  if (!Number.isInteger(amount) || amount < 1 || amount > 100000000) {
    throw new ApiError(400, { code: 'VALIDATION_FAILED', detail: 'amount' });
  }
  const answer = await once('charge:' + amount, idempotencyKey =>
    call('POST', '/balance/charge', { token: state.token, body: { amount }, idempotencyKey }));
  setBalance(answer.balance);
  notice(`${won(amount)} added. Your balance is ${won(answer.balance)}.`);
}

async function pay() {
  const reservation = state.hold;
  const token = state.token;
  state.paidToken = token;
  let payment;
  try {
    payment = await once('pay:' + reservation.reservationId, idempotencyKey =>
      call('POST', '/payments', { token, body: { reservationId: reservation.reservationId }, idempotencyKey }));
  } catch (e) {
    state.paidToken = null;
    if (e instanceof ApiError && (e.code === 'RESERVATION_EXPIRED' || e.code === 'RESERVATION_NOT_HELD')) holdEnded();
    throw e;
  }
  setBalance(payment.balance);
  stopCountdown();
  // Paying ends the token: the map and the room stop here; the token still reads tickets.
  stopFollowing();
  store.set('hold', null);
  store.set('ticketsToken', token);
  state.hold = null;
  hide('step-hold', 'step-seats', 'step-dates');
  $('room-headline').textContent = 'Paid. Enjoy the show!';
  $('room-detail').textContent = '';
  $('room-status').dataset.status = 'PAID';
  await loadTickets(token);
  notice(`Paid ${won(payment.amount)}. Your tickets are below.`);
}

async function cancelHold() {
  const reservation = state.hold;
  await call('DELETE', `/reservations/${reservation.reservationId}`, { token: state.token });
  for (const n of reservation.seatNumbers) {
    const seat = state.seats.get(n);
    if (seat) seat.status = 'AVAILABLE';
  }
  holdEnded(`${seatsWord(reservation.seatNumbers)} released.`);
}

// ----------------------------------------------------------------------------- 6. tickets

async function loadTickets(token = store.get('ticketsToken')) {
  if (!token) return;
  const page = await call('GET', '/reservations?limit=20', { token });
  const list = $('ticket-list');
  list.replaceChildren();
  const shown = page.items.filter(r => r.status === 'PAID' || r.status === 'REFUNDED');
  for (const reservation of shown) list.append(ticketCard(reservation, token));
  if (shown.length > 0) {
    reveal('step-tickets', false);
    loadBalance(token).catch(() => {});
  }
}

function ticketCard(reservation, token) {
  const li = document.createElement('li');
  li.className = 'ticket-group';
  li.dataset.reservationId = reservation.reservationId;
  li.dataset.status = reservation.status;
  const head = document.createElement('p');
  head.className = 'ticket-head';
  head.textContent = `${seatsWord(reservation.seatNumbers)} · ${won(reservation.amount)}`
    + (reservation.status === 'REFUNDED' ? ' · refunded' : '');
  li.append(head);
  if (reservation.status === 'PAID') {
    const codes = document.createElement('div');
    codes.className = 'codes';
    for (const ticket of reservation.tickets || []) {
      const figure = document.createElement('figure');
      figure.className = 'ticket';
      figure.dataset.seat = ticket.seatNumber;
      figure.append(qrSvg(ticket.code, `Ticket code for seat ${ticket.seatNumber}`));
      const caption = document.createElement('figcaption');
      const seat = document.createElement('strong');
      seat.textContent = `Seat ${ticket.seatNumber}`;
      const code = document.createElement('code');
      code.textContent = ticket.code;
      caption.append(seat, code);
      figure.append(caption);
      codes.append(figure);
    }
    li.append(codes);
    const refund = document.createElement('button');
    refund.type = 'button';
    refund.className = 'secondary refund';
    refund.textContent = `Refund ${seatsWord(reservation.seatNumbers).toLowerCase()}`;
    refund.addEventListener('click', () => act(refund, async () => {
      const answer = await once('refund:' + reservation.reservationId, idempotencyKey =>
        call('POST', `/reservations/${reservation.reservationId}/refund`, { token, idempotencyKey }));
      li.replaceWith(ticketCard(answer, token));
      await loadBalance(token);
      notice(`Refunded ${won(answer.amount)} to your balance.`);
    }));
    li.append(refund);
  }
  return li;
}

/** The code as an SVG QR code, drawn from qrcode-generator's modules (no inline markup). */
function qrSvg(text, label) {
  const qr = window.qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  const quiet = 4;
  const size = count + quiet * 2;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', size);
  background.setAttribute('height', size);
  background.setAttribute('fill', '#fff');
  svg.append(background);
  let d = '';
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.isDark(row, col)) d += `M${col + quiet},${row + quiet}h1v1h-1z`;
    }
  }
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(path);
  return svg;
}

// ------------------------------------------------------------------------------------ wiring

function stopFollowing() {
  if (state.roomFollower) state.roomFollower.stop();
  if (state.seatFollower) state.seatFollower.stop();
  state.roomFollower = null;
  state.seatFollower = null;
  liveMode('room-live', null);
  liveMode('seats-live', null);
}

function buyMore() {
  state.paidToken = null;
  state.token = null;
  state.tokenStatus = null;
  hide('step-room', 'step-dates', 'step-seats', 'step-hold');
  reveal('step-concerts');
}

document.addEventListener('DOMContentLoaded', () => {
  $('user-id').textContent = state.userId.slice(0, 8);
  $('user-id').title = 'Your buyer id in this browser tab: ' + state.userId;
  $('hold').addEventListener('click', () => act($('hold'), holdSeats));
  $('charge-form').addEventListener('submit', event => act($('charge'), () => charge(event)));
  $('pay').addEventListener('click', () => act($('pay'), pay));
  $('cancel-hold').addEventListener('click', () => act($('cancel-hold'), cancelHold));
  $('rejoin').addEventListener('click', () => act($('rejoin'), () => joinRoom(state.concert)));
  $('buy-more').addEventListener('click', buyMore);
  refreshButtons();
  loadConcerts();
  loadTickets().catch(() => {});
});
