// The Test leads tab: paste or drop JSON Lines or CSV, and every lead is scored by the core
// (the same scoring `leadqual score` prints): a table with stage, score, dimensions, reasons,
// the stage counts, and an export of the results. Nothing of the file leaves the browser.
import { html, nothing } from 'lit';
import { scoreLeads, leadFormat } from './core.js';
import { download } from './export-tab.js';
import { fileDrop } from './fields.js';

const SHOWN = 200; // rows drawn in the table; counts and exports cover every row

/** Scores `leads.text` with the current valid model; fills rows, warnings, error. */
export async function scoreLeadText(app, leads) {
  const seq = (leads.seq = (leads.seq ?? 0) + 1);
  let rows = [];
  let warnings = [];
  let error = null;
  if (app.qualifier) {
    try {
      leads.format = leadFormat(leads.name, leads.text);
      ({ rows, warnings } = await scoreLeads(app.valid, app.qualifier, leads.text, {
        format: leads.format,
        now: leads.now ?? Date.now(),
      }));
    } catch (e) {
      error = e.message;
    }
  } else {
    error = 'The model has errors: fix them to score leads.';
  }
  if (seq !== leads.seq) return leads; // a later edit scores them again
  Object.assign(leads, { rows, warnings, error, done: true });
  app.requestUpdate();
  return leads;
}

export function stageCounts(app, rows) {
  const counts = new Map((app.norm?.stages ?? []).map((s) => [s.id, 0]));
  counts.set('disqualified', 0);
  let bad = 0;
  for (const row of rows) {
    if (row.error) bad++;
    else counts.set(row.result.stage, (counts.get(row.result.stage) ?? 0) + 1);
  }
  return { counts: [...counts.entries()], bad };
}

async function take(app, name, text) {
  app.leads = { name, text };
  await scoreLeadText(app, app.leads);
}

function dropZone(app) {
  return fileDrop({
    title: 'Drop a JSON Lines or CSV file here',
    detail: 'one lead per line, answers by question id (CSV: a header row of ids or labels)',
    accept: '.jsonl,.ndjson,.json,.csv,text/csv,application/json',
    testid: 'leads',
    onFile: async (file) => take(app, file.name, await file.text()),
  });
}

function pasteBox(app) {
  return html`<form
    class="paste"
    @submit=${(e) => {
      e.preventDefault();
      const text = e.target.elements.leads.value;
      if (text.trim()) take(app, 'pasted', text);
    }}
  >
    <label for="leads-paste">…or paste leads</label>
    <textarea
      id="leads-paste"
      name="leads"
      rows="4"
      spellcheck="false"
      placeholder='{"team_size": 40, "hours_per_week": 6, "hourly_cost": 55, "timeline": "this_quarter"}'
    ></textarea>
    <button type="submit" class="primary">Score the pasted leads</button>
  </form>`;
}

function results(app) {
  const leads = app.leads;
  if (!leads?.done) return nothing;
  if (leads.error) return html`<p class="notice bad" role="alert">${leads.error}</p>`;
  const rows = leads.rows;
  const { counts, bad } = stageCounts(app, rows);
  const dims = app.norm?.dimensions ?? [];
  const stageLabel = (id) => {
    const s = app.norm?.stages.find((x) => x.id === id);
    return s ? app.textOf(s.label) || id : id === 'disqualified' ? 'Disqualified' : id;
  };
  const jsonl = () =>
    rows.map((r) => (r.error ? JSON.stringify({ error: r.error, line: r.line }) : r.json)).join('\n') + '\n';
  return html`<section class="card" aria-labelledby="lr-h" data-testid="lead-results">
    <header class="section-head">
      <h2 id="lr-h">${rows.length} lead${rows.length === 1 ? '' : 's'} from ${leads.name}</h2>
      <button
        type="button"
        class="secondary"
        data-testid="export-results"
        @click=${() => download(`${app.model.id}-results.jsonl`, jsonl(), 'application/x-ndjson')}
      >
        Export results (JSON Lines)
      </button>
    </header>
    ${
      leads.warnings?.length
        ? html`<ul class="msgs warnings" data-testid="leads-warnings">
            ${leads.warnings.map((w) => html`<li class="warning">${w}</li>`)}
          </ul>`
        : nothing
    }
    <div class="counts-row">
      <table class="counts" data-testid="stage-counts">
        <caption>
          Leads per stage
        </caption>
        <tbody>
          ${counts.map(
            ([id, n]) =>
              html`<tr data-stage=${id}>
                <th scope="row">${stageLabel(id)}</th>
                <td class="num">${n}</td>
              </tr>`,
          )}
          ${
            bad
              ? html`<tr data-stage="bad-lines">
                  <th scope="row">Bad lines</th>
                  <td class="num">${bad}</td>
                </tr>`
              : nothing
          }
        </tbody>
      </table>
      <lq-chart
        .spec=${{
          kind: 'bars',
          labels: counts.map(([id]) => stageLabel(id)),
          series: [{ label: 'Leads', values: counts.map(([, n]) => n) }],
          yLabel: 'leads',
          integer: true,
          summary: `Leads per stage: ${counts.map(([id, n]) => `${stageLabel(id)} ${n}`).join(', ')}`,
        }}
      ></lq-chart>
    </div>
    <div class="table-wrap">
      <table class="leads-table">
        <caption class="visually-hidden">
          Scored leads
        </caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Stage</th>
            <th scope="col">Score</th>
            <th scope="col">Grade</th>
            ${dims.map((d) => html`<th scope="col">${app.textOf(d.label) || d.id}</th>`)}
            <th scope="col">Reasons</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${rows.slice(0, SHOWN).map((row) =>
            row.error
              ? html`<tr class="bad">
                  <td class="num">${row.line}</td>
                  <td colspan=${dims.length + 5}>${row.error}</td>
                </tr>`
              : html`<tr>
                  <td class="num">${row.line}</td>
                  <td><span class="stage-pill s-${row.result.stage}">${stageLabel(row.result.stage)}</span></td>
                  <td class="num">${row.result.score}</td>
                  <td>${row.result.grade ?? '—'}</td>
                  ${dims.map((d) => html`<td class="num">${row.result.dimensions[d.id]}</td>`)}
                  <td class="reasons-cell">
                    ${row.result.reasons.map((r) => `${r.points > 0 ? '+' : ''}${r.points} ${r.text}`).join('; ')}
                    ${
                      row.result.errors.length
                        ? html`<span class="err"
                            >${row.result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}</span
                          >`
                        : nothing
                    }
                  </td>
                  <td>
                    <button
                      type="button"
                      class="ghost small"
                      @click=${() => app.saveExample(`Line ${row.line}`, row.answers, row.result.stage)}
                    >
                      Save as example
                    </button>
                  </td>
                </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${rows.length > SHOWN ? html`<p class="hint">Showing the first ${SHOWN} of ${rows.length} leads; counts and the export cover all.</p>` : nothing}
  </section>`;
}

export function leadsTab(app) {
  return html`<div class="leads">
    <section class="card" aria-labelledby="li-h">
      <h2 id="li-h">Test leads</h2>
      <p class="intro">Score a file of leads with this model, exactly as <code>leadqual score</code> would.</p>
      <div class="leads-input">${dropZone(app)} ${pasteBox(app)}</div>
    </section>
    ${results(app)}
    ${
      app.examples.length
        ? app.examplesList()
        : html`<section class="card">
            <h2>Example leads</h2>
            <p class="intro">
              Save the preview's answers, or a row of the table, as a named example: the studio re-scores the examples
              after every change and shows at once when one moves to another stage.
            </p>
          </section>`
    }
  </div>`;
}
