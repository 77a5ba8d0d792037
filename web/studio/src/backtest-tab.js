// The Backtest tab: a CRM export with an outcome column, backtested by the core (AUC, lift,
// conversion by score band and by stage), drawn as charts with their tables. Re-run after an
// edit (a threshold moved, say) shows what moved against the previous run.
import { html, nothing } from 'lit';
import { backtest, features } from './core.js';

async function run(app) {
  const bt = app.backtest;
  if (!bt?.text || !app.valid) return;
  try {
    const report = await backtest(app.valid, bt.text, { outcome: bt.outcome });
    bt.previous = bt.report ?? null;
    bt.report = report;
    bt.error = null;
  } catch (error) {
    bt.error = error.message;
  }
  app.requestUpdate();
}

function pct(x) {
  return typeof x === 'number' ? `${(x * 100).toFixed(1)} %` : '—';
}

function num(x, digits = 3) {
  return typeof x === 'number' ? x.toFixed(digits) : '—';
}

function rowsTable(caption, rows, columns) {
  return html`<table class="bt-table">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${columns.map(([, label]) => html`<th scope="col">${label}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            ${columns.map(([key, , fmt]) => html`<td class="num">${fmt ? fmt(r[key]) : r[key]}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function report(app) {
  const bt = app.backtest;
  const r = bt?.report;
  if (!r) return nothing;
  const prev = bt.previous;
  const stages = r.stages ?? [];
  const bands = r.bands ?? [];
  const lift = r.lift ?? [];
  return html`<section class="card" aria-labelledby="btr-h" data-testid="backtest-report">
    <h2 id="btr-h">Backtest</h2>
    <div class="kpis">
      <div class="kpi">
        <span>ROC AUC</span
        ><strong data-testid="auc">${num(r.auc)}</strong>${prev ? html`<em>was ${num(prev.auc)}</em>` : nothing}
      </div>
      <div class="kpi"><span>Leads</span><strong>${r.rows ?? '—'}</strong></div>
      <div class="kpi"><span>Converted</span><strong>${r.positives ?? '—'}</strong></div>
      <div class="kpi"><span>Top-decile lift</span><strong>${num(r.topDecileLift ?? lift[0]?.lift, 2)}</strong></div>
    </div>
    ${
      stages.length
        ? html`<h3>Conversion by stage</h3>
            <lq-chart
              .spec=${{
                kind: 'bars',
                labels: stages.map((s) => s.stage ?? s.id),
                series: [{ label: 'Conversion', values: stages.map((s) => (s.rate ?? 0) * 100) }],
                yLabel: '% converted',
                summary: `Conversion by stage: ${stages.map((s) => `${s.stage ?? s.id} ${pct(s.rate)}`).join(', ')}`,
              }}
            ></lq-chart>
            ${rowsTable('By stage', stages, [
              ['stage', 'Stage'],
              ['rows', 'Leads'],
              ['positives', 'Converted'],
              ['rate', 'Rate', pct],
            ])}`
        : nothing
    }
    ${
      bands.length
        ? html`<h3>Conversion by score band</h3>
            <lq-chart
              .spec=${{
                kind: 'bars',
                labels: bands.map((b) => b.label ?? `${b.min}–${b.max}`),
                series: [{ label: 'Conversion', values: bands.map((b) => (b.rate ?? 0) * 100) }],
                yLabel: '% converted',
                summary: 'Conversion by score band',
              }}
            ></lq-chart>`
        : nothing
    }
    ${
      lift.length
        ? html`<h3>Lift by decile</h3>
            <lq-chart
              .spec=${{
                kind: 'bars',
                labels: lift.map((d, i) => `${d.decile ?? i + 1}`),
                series: [{ label: 'Lift', values: lift.map((d) => d.lift) }],
                xLabel: 'decile (1 = highest scores)',
                yLabel: 'lift',
                summary: `Lift by decile: ${lift.map((d) => num(d.lift, 2)).join(', ')}`,
              }}
            ></lq-chart>`
        : nothing
    }
  </section>`;
}

export function backtestTab(app) {
  if (!features.backtest) {
    return html`<section class="card" aria-labelledby="bt-h">
      <h2 id="bt-h">Backtest</h2>
      <p class="intro">
        Drop a CRM export with an outcome column to see how well this model ranks the leads that converted (ROC AUC,
        lift, conversion by score band and by stage). The backtest runs in the core's WebAssembly module, in this
        browser; this build of the core does not have it yet (<code>leadqual backtest</code> comes with it).
      </p>
    </section>`;
  }
  const bt = (app.backtest ??= { outcome: '' });
  return html`<div class="backtest">
    <section class="card" aria-labelledby="bt-h">
      <h2 id="bt-h">Backtest on your CRM history</h2>
      <p class="intro">
        A CSV export with one row per lead, the answers by question id and a column saying whether it converted.
      </p>
      <form
        class="grid"
        @submit=${(e) => {
          e.preventDefault();
          run(app);
        }}
      >
        <div class="field">
          <label for="bt-file">CSV file</label>
          <input
            id="bt-file"
            type="file"
            accept=".csv,text/csv"
            @change=${async (e) => {
              const file = e.target.files[0];
              if (!file) return;
              bt.name = file.name;
              bt.text = await file.text();
              app.requestUpdate();
            }}
          />
        </div>
        <div class="field">
          <label for="bt-outcome">Outcome column</label>
          <input
            id="bt-outcome"
            type="text"
            .value=${bt.outcome}
            @input=${(e) => (bt.outcome = e.target.value)}
            placeholder="Converted"
          />
        </div>
        <div class="field">
          <span class="label">&nbsp;</span
          ><button type="submit" class="primary" ?disabled=${!app.valid}>Run backtest</button>
        </div>
      </form>
      ${bt.error ? html`<p class="msgs error" role="alert">${bt.error}</p>` : nothing}
      <p class="hint">Change a stage threshold in Build and run again: the report shows what moved.</p>
    </section>
    ${report(app)}
  </div>`;
}
