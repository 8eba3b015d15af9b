// One service's page: its log, live (each line added as text, never as HTML), a search over it, and the actions,
// sent to the API with the session's CSRF token; a refusal (a freeze) is shown as the daemon says it.
const { service, csrf } = document.querySelector('main[data-service]').dataset;
const logs = document.querySelector('[data-logs]');
const search = document.querySelector('[data-search]');
const path = '/api/v1/services/' + encodeURIComponent(service);

function matches(line) {
  const q = search.value.trim().toLowerCase();
  return q === '' || line.textContent.toLowerCase().includes(q);
}

function addLine(text) {
  const line = document.createElement('div');
  line.textContent = text;
  line.hidden = !matches(line);
  logs.append(line);
  while (logs.childElementCount > 2000) logs.firstElementChild.remove();
}

search.addEventListener('input', () => {
  for (const line of logs.children) line.hidden = !matches(line);
});

const stream = new EventSource(path + '/logs/stream?tail=200');
stream.addEventListener('log', (e) => addLine(e.data));

const form = document.querySelector('form[data-action]');
if (form) {
  const result = document.querySelector('[data-result]');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const action = e.submitter ? e.submitter.value : 'restart';
    const body = { reason: form.reason.value };
    if (form.override && form.override.checked) body.override = true;
    const answer = await fetch(path + '/' + action, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Vigil-CSRF': csrf },
      body: JSON.stringify(body),
    });
    const said = await answer.json().catch(() => ({}));
    result.dataset.status = String(answer.status);
    result.textContent = answer.ok ? action + ' requested (' + (said.state || 'accepted') + ')'
      : (said.message || ('refused: HTTP ' + answer.status));
  });
}
