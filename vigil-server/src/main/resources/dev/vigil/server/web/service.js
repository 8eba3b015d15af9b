import uPlot from './uplot.js';

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

// Charts from the metric store through the Prometheus-compatible API: memory with its limit, CPU in cores.
const charts = {};
const quote = (v) => '"' + v.replaceAll('\\', '\\\\').replaceAll('"', '\\"') + '"';
const selector = '{service=' + quote(service) + '}';
const queries = {
  memory: [['RSS', 'service_memory_rss_bytes' + selector], ['limit', 'service_memory_limit_bytes' + selector]],
  cpu: [['cores', 'rate(service_cpu_seconds_total' + selector + '[1m])']],
};

async function range(query, start, end, step) {
  const url = '/prometheus/api/v1/query_range?' + new URLSearchParams({ query, start, end, step });
  const answer = await fetch(url, { credentials: 'same-origin' });
  if (!answer.ok) return [];
  const result = (await answer.json()).data.result;
  return result.length ? result[0].values : [];
}

async function draw(seconds) {
  const end = Date.now() / 1000;
  const start = end - seconds;
  const step = Math.max(5, Math.round(seconds / 300));
  for (const [name, series] of Object.entries(queries)) {
    const figure = document.querySelector('[data-chart="' + name + '"]');
    const values = await Promise.all(series.map(([, q]) => range(q, start, end, step)));
    const times = [...new Set(values.flat().map(([t]) => t))].sort((a, b) => a - b);
    const data = [times, ...values.map((v) => {
      const byTime = new Map(v.map(([t, x]) => [t, Number(x)]));
      return times.map((t) => (byTime.has(t) ? byTime.get(t) : null));
    })];
    if (charts[name]) charts[name].destroy();
    charts[name] = new uPlot({
      width: Math.min(900, figure.clientWidth || 900), height: 180,
      series: [{}, ...series.map(([label], i) => ({ label, stroke: i === 0 ? '#1a73e8' : '#a40000', dash: i === 0 ? undefined : [6, 4] }))],
      scales: { x: { time: true, range: () => [start, end] } },
      axes: [{}, { size: 60, values: (u, ticks) => ticks.map((v) => (name === 'memory'
        ? (v / 1048576).toFixed(v < 10485760 ? 1 : 0) + 'M' : v.toFixed(2))) }],
    }, data, figure);
    figure.dataset.points = String(times.length);
  }
}

for (const button of document.querySelectorAll('[data-range]')) {
  button.addEventListener('click', () => draw(Number(button.dataset.range)));
}
draw(3600);
