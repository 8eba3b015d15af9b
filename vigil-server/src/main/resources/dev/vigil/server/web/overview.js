// The overview, live: every stored event the daemon streams (Server-Sent Events, resumed with Last-Event-ID after a
// reconnect) refreshes the services table from the API. Rows are built with textContent only: nothing the daemon
// sends is ever parsed as HTML.
const body = document.querySelector('tbody[data-live]');
const status = document.querySelector('[data-connection]');

function uptime(ms) {
  if (ms === null || ms === undefined) return '-';
  const s = Math.floor(ms / 1000);
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + (s % 60) + 's';
  return Math.floor(s / 3600) + 'h' + Math.floor((s % 3600) / 60) + 'm';
}

function cell(tag, text) {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}

function render(services) {
  const rows = services.map((s) => {
    const tr = document.createElement('tr');
    tr.className = 'state-' + s.state;
    tr.dataset.service = s.name;
    const name = document.createElement('th');
    name.scope = 'row';
    const link = document.createElement('a');
    link.href = '/services/' + encodeURIComponent(s.name);
    link.textContent = s.name;
    name.append(link);
    tr.append(name, cell('td', s.state), cell('td', s.probes && s.probes.length ? s.health : '-'),
      cell('td', String(s.restarts)), cell('td', s.pid === null ? '-' : String(s.pid)), cell('td', uptime(s.uptime_ms)),
      cell('td', s.reason || ''));
    return tr;
  });
  body.replaceChildren(...rows);
}

let pending = false;
async function refresh() {
  if (pending) return;
  pending = true;
  try {
    const answer = await fetch('/api/v1/services', { credentials: 'same-origin', cache: 'no-store' });
    if (answer.status === 401) {
      location.assign('/login');
      return;
    }
    if (answer.ok) render((await answer.json()).services);
  } finally {
    pending = false;
  }
}

function connect() {
  const events = new EventSource('/api/v1/events/stream');
  events.onopen = () => { status.textContent = 'live'; status.dataset.connection = 'live'; refresh(); };
  events.onmessage = refresh;
  for (const type of ['StateChanged', 'InstanceStarted', 'InstanceExited', 'RestartScheduled', 'GaveUp',
    'ProbeChanged', 'ServiceAdded', 'ServiceRemoved']) {
    events.addEventListener(type, refresh);
  }
  events.onerror = () => { status.textContent = 'reconnecting…'; status.dataset.connection = 'reconnecting'; };
}

connect();
