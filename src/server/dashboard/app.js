// The collector dashboard: totals, the stage funnel and the visit funnel (starts, answers per
// question, completions) per model, and recent results with their stage labels and breakdown,
// refreshed every few seconds from /api/v1/stats and /api/v1/results with the token the page was
// opened with (?token=...). The token is kept in sessionStorage and removed from the address bar.

const REFRESH_MS = 5000;
const params = new URLSearchParams(location.search);
if (params.has('token')) {
  sessionStorage.setItem('leadqual:token', params.get('token'));
  params.delete('token');
  history.replaceState(null, '', location.pathname + (params.size ? `?${params}` : ''));
}
const token = sessionStorage.getItem('leadqual:token') || '';
const status = document.getElementById('status');

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function renderTotals(stats) {
  const totals = document.getElementById('totals');
  const items = [
    ['Results', stats.total],
    ['Flagged as spam', stats.suspect],
    ['Unverified', stats.unverified ?? 0],
    ['Waiting to forward', stats.outbox.pending],
    ['Forwarded', stats.outbox.delivered],
  ];
  totals.replaceChildren(
    ...items.map(([label, value]) => element('div', {}, element('dt', {}, label), element('dd', {}, String(value)))),
  );
}

function barRow(label, count, of, note = '') {
  const bar = element('div', { class: 'bar', role: 'presentation' });
  bar.style.width = `${of ? (100 * count) / of : 0}%`;
  return element(
    'div',
    { class: 'row' },
    element('span', {}, label),
    element('div', {}, bar),
    element('span', { class: 'count' }, String(count)),
    element('span', { class: 'note' }, note),
  );
}

function stageName(model, stage) {
  const label = model.stageLabels?.[stage];
  return label && label !== stage ? `${label} (${stage})` : stage;
}

// Starts, then each question in model order with the visits that answered it and the drop-off
// from the step before, then completions.
function visitFunnel(model) {
  const f = model.funnel;
  if (!f || !f.starts) return null;
  const percent = (n) => `${Math.round((100 * n) / f.starts)}%`;
  let previous = f.starts;
  const rows = [barRow('Started', f.starts, f.starts, '100%')];
  for (const q of f.questions) {
    const lost = previous - q.answered;
    rows.push(barRow(q.label || q.id, q.answered, f.starts, `${percent(q.answered)}${lost > 0 ? ` · −${lost}` : ''}`));
    previous = q.answered;
  }
  rows.push(barRow('Completed', f.completions, f.starts, percent(f.completions)));
  return element('div', { class: 'funnel visits' }, element('h4', {}, 'Visits: started, answered, completed'), ...rows);
}

function renderFunnels(stats) {
  const funnels = document.getElementById('funnels');
  if (!stats.models.length) {
    funnels.replaceChildren(
      element('p', {}, stats.total ? 'Every result so far is flagged as spam.' : 'No results yet.'),
    );
    return;
  }
  funnels.replaceChildren(
    ...stats.models.map((model) => {
      const order = model.stageOrder || Object.keys(model.stages);
      const names = [...order, ...Object.keys(model.stages).filter((s) => !order.includes(s))];
      const rows = names.map((stage) => barRow(stageName(model, stage), model.stages[stage] || 0, model.count));
      return element(
        'div',
        { class: 'funnel' },
        element('h3', {}, `${model.id} — ${model.count} results`),
        ...rows,
        visitFunnel(model) ?? '',
      );
    }),
  );
}

function contact(result) {
  const fields = result.fields || {};
  return fields.email || fields.name || Object.values(fields)[0] || '';
}

// Per-dimension scores and computed values, when the model shares them.
function breakdown(result) {
  const parts = Object.entries(result.dimensions || {}).map(([id, v]) => `${id} ${v}`);
  for (const [id, v] of Object.entries(result.computed || {})) parts.push(`${id} = ${v ?? '—'}`);
  return parts.join(' · ');
}

function renderRecent(list) {
  const body = document.getElementById('recent');
  body.replaceChildren(
    ...list.results.map((r) => {
      const res = r.result || {};
      const utm = r.context?.utm || {};
      return element(
        'tr',
        {},
        element('td', {}, new Date(r.receivedAt).toLocaleString()),
        element('td', {}, `${res.model?.id ?? ''} ${res.model?.version ?? ''}`),
        element('td', { title: res.stage ?? '' }, r.stageLabel || res.stage || ''),
        element('td', { class: 'num' }, String(res.score ?? '')),
        element('td', {}, res.grade ?? ''),
        element('td', { class: 'breakdown' }, breakdown(res)),
        element('td', {}, String(contact(r))),
        element('td', {}, utm.source || r.context?.referrer || ''),
        element(
          'td',
          { class: 'flag' },
          [r.suspect, r.unverified && `unverified: ${r.unverified}`].filter(Boolean).join('; '),
        ),
      );
    }),
  );
}

async function refresh() {
  try {
    const [stats, recent] = await Promise.all([api('/api/v1/stats'), api('/api/v1/results?order=desc&limit=25')]);
    renderTotals(stats);
    renderFunnels(stats);
    renderRecent(recent);
    status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    status.textContent = `Could not load results (${error.message}).`;
  }
}

document.getElementById('csv').addEventListener('click', async (event) => {
  event.preventDefault();
  const response = await fetch('/api/v1/results?format=csv&limit=10000', {
    headers: { Authorization: `Bearer ${token}` },
  });
  const link = element('a', { href: URL.createObjectURL(await response.blob()), download: 'leadqual-results.csv' });
  link.click();
  URL.revokeObjectURL(link.href);
});

refresh();
setInterval(refresh, REFRESH_MS);
