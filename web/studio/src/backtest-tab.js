// The Backtest tab: a CRM export with an outcome column, backtested by the core's backtest
// (AUC, lift by decile, conversion by score band, by stage and by reason), drawn as charts with
// their tables. The backtest runs again after every edit of the model, so moving a threshold in
// Build shows at once what moves against the baseline (the first run on this file, or the one
// the marketer pinned). The studio computes none of these numbers: they are the core's report,
// the same one `leadqual backtest --format json` prints.
import { html, nothing } from 'lit';
import { backtest, features } from './core.js';
import { fileDrop } from './fields.js';

/** Runs the core's backtest on the loaded CSV with the current valid model (after each edit). */
export async function runBacktest(app) {
  const bt = app.backtest;
  if (!features.backtest || !bt?.csv || !bt.outcome || !app.valid) return;
  const seq = (bt.seq = (bt.seq ?? 0) + 1);
  const positive = (bt.positive ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  let report = null;
  let error = null;
  try {
    report = await backtest(app.valid, bt.csv, {
      outcome: bt.outcome,
      ...(positive.length ? { positive } : {}),
      now: bt.now ?? Date.now(),
    });
  } catch (e) {
    error = e.message;
  }
  if (seq !== bt.seq) return; // a later run (a later edit) owns the tab now
  bt.error = error;
  bt.report = report;
  if (report && !bt.baseline) bt.baseline = report;
  app.requestUpdate();
}

// The CSV is kept as a Blob (a dropped File, or the pasted text) and streamed into the core on
// every run, so a large export is never one string in the page.
async function take(app, csv, name) {
  const bt = app.backtest;
  bt.name = name;
  bt.csv = csv;
  bt.baseline = null;
  bt.report = null;
  bt.error = null;
  await runBacktest(app);
  app.requestUpdate();
}

const pct = (x) => (typeof x === 'number' ? `${(x * 100).toFixed(1)} %` : '—');
const num = (x, digits = 3) => (typeof x === 'number' ? x.toFixed(digits) : '—');
const count = (x) => (typeof x === 'number' ? String(Math.round(x * 100) / 100) : '—');
const range = (min, max) => `${count(min)}–${count(max)}`;

/** "+3" / "−0.020": a change against the baseline, '' when nothing moved. */
function delta(now, was, fmt) {
  if (typeof now !== 'number' || typeof was !== 'number' || Math.abs(now - was) < 1e-9) return '';
  const d = now - was;
  return `${d > 0 ? '+' : '−'}${fmt(Math.abs(d))}`;
}

function moved(now, was, fmt) {
  const text = delta(now, was, fmt);
  return text ? html` <em class="delta" title="against the baseline">${text}</em>` : nothing;
}

function table(caption, rows, columns, { testid = null } = {}) {
  return html`<div class="table-wrap">
    <table class="bt-table" data-testid=${testid ?? nothing}>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${columns.map(([label, , cls]) => html`<th scope="col" class=${cls ?? 'num'}>${label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr class=${r.looks_wrong ? 'moved' : ''}>
              ${columns.map(([, cell, cls]) => html`<td class=${cls ?? 'num'}>${cell(r)}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function kpis(r, base) {
  return html`<div class="kpis">
    <div class="kpi">
      <span>ROC AUC</span><strong data-testid="auc" data-value=${r.auc ?? ''}>${num(r.auc)}</strong>${
        base && base !== r ? html`<em>baseline ${num(base.auc)}</em>` : nothing
      }
    </div>
    <div class="kpi">
      <span>Top-decile lift</span><strong data-testid="lift">${num(r.lift, 2)}</strong>${
        base && base !== r ? html`<em>baseline ${num(base.lift, 2)}</em>` : nothing
      }
    </div>
    <div class="kpi"><span>Leads</span><strong data-testid="bt-rows">${r.rows}</strong></div>
    <div class="kpi"><span>Converted</span><strong>${count(r.positives)}</strong><em>${pct(r.rate)}</em></div>
  </div>`;
}

function stagesPart(app, r, base) {
  const stages = r.stages ?? [];
  if (!stages.length) return nothing;
  const was = new Map((base?.stages ?? []).map((s) => [s.id, s]));
  return html`<section class="bt-part" aria-labelledby="bt-stages-h">
    <h3 id="bt-stages-h">Conversion by stage</h3>
    <lq-chart
      .spec=${{
        kind: 'bars',
        labels: stages.map((s) => s.label || s.id),
        series: [{ label: 'Converted', values: stages.map((s) => (s.rate ?? 0) * 100) }],
        yLabel: '% converted',
        summary: `Conversion by stage: ${stages.map((s) => `${s.label || s.id} ${pct(s.rate)}`).join(', ')}`,
      }}
    ></lq-chart>
    ${table(
      'By stage (the change against the baseline beside each figure)',
      stages,
      [
        ['Stage', (s) => s.label || s.id, 'text'],
        ['Leads', (s) => html`${s.rows}${moved(s.rows, was.get(s.id)?.rows, String)}`],
        ['Share', (s) => pct(s.share)],
        ['Converted', (s) => html`${count(s.positives)}${moved(s.positives, was.get(s.id)?.positives, count)}`],
        ['Rate', (s) => html`${pct(s.rate)}${moved(s.rate, was.get(s.id)?.rate, pct)}`],
        ['Lift', (s) => num(s.lift, 2)],
      ],
      { testid: 'bt-stages' },
    )}
  </section>`;
}

function bandsPart(r) {
  const bands = r.bands ?? [];
  if (!bands.length) return nothing;
  return html`<section class="bt-part" aria-labelledby="bt-bands-h">
    <h3 id="bt-bands-h">Conversion by score band</h3>
    <lq-chart
      .spec=${{
        kind: 'bars',
        labels: bands.map((b) => range(b.min, b.max)),
        series: [{ label: 'Converted', values: bands.map((b) => (b.rate ?? 0) * 100) }],
        xLabel: 'score',
        yLabel: '% converted',
        summary: `Conversion by score band: ${bands.map((b) => `${range(b.min, b.max)} ${pct(b.rate)}`).join(', ')}`,
      }}
    ></lq-chart>
    ${table('By score band', bands, [
      ['Score', (b) => range(b.min, b.max), 'text'],
      ['Leads', (b) => b.rows],
      ['Converted', (b) => count(b.positives)],
      ['Rate', (b) => pct(b.rate)],
      ['Lift', (b) => num(b.lift, 2)],
    ])}
  </section>`;
}

function decilesPart(r) {
  const deciles = r.deciles ?? [];
  if (!deciles.length) return nothing;
  return html`<section class="bt-part" aria-labelledby="bt-lift-h">
    <h3 id="bt-lift-h">Lift by decile</h3>
    <lq-chart
      .spec=${{
        kind: 'bars',
        labels: deciles.map((d) => String(d.decile)),
        series: [{ label: 'Lift', values: deciles.map((d) => d.lift ?? 0) }],
        xLabel: 'decile (1 = the highest scores)',
        yLabel: 'lift',
        summary: `Lift by decile: ${deciles.map((d) => `${d.decile} ${num(d.lift, 2)}`).join(', ')}`,
      }}
    ></lq-chart>
    ${table('By decile of the score', deciles, [
      ['Decile', (d) => d.decile, 'text'],
      ['Score', (d) => range(d.min_score, d.max_score)],
      ['Leads', (d) => d.rows],
      ['Converted', (d) => count(d.positives)],
      ['Rate', (d) => pct(d.rate)],
      ['Lift', (d) => num(d.lift, 2)],
      ['Captured', (d) => pct(d.captured)],
    ])}
  </section>`;
}

function reasonsPart(app, r) {
  const reasons = r.reasons ?? [];
  if (!reasons.length) return nothing;
  const wrong = reasons.filter((x) => x.looks_wrong).length;
  return html`<section class="bt-part" aria-labelledby="bt-reasons-h">
    <h3 id="bt-reasons-h">
      Conversion by reason
      ${wrong ? html`<span class="badge warn">${wrong} look${wrong > 1 ? '' : 's'} wrong</span>` : nothing}
    </h3>
    <p class="hint">
      Highlighted: points that push the wrong way — they add points, yet their leads convert below the average (or take
      points and convert above it). Choose one to edit it.
    </p>
    ${table(
      'By reason',
      reasons,
      [
        [
          'Reason',
          (x) =>
            html`<button type="button" class="link" @click=${() => app.goTo(x.pointer)}>${x.text || x.id}</button>`,
          'text',
        ],
        ['Points', (x) => (x.source === 'disqualify' ? 'disqualifies' : `${x.points > 0 ? '+' : ''}${x.points}`)],
        ['Leads', (x) => x.rows],
        ['Rate', (x) => pct(x.rate)],
        ['Lift', (x) => num(x.lift, 2)],
      ],
      { testid: 'bt-reasons' },
    )}
  </section>`;
}

function notesPart(r) {
  const notes = [
    ...(r.leakage ?? []).map((l) => l.text || l.note),
    ...(r.columns?.warnings ?? []),
    ...(r.columns?.unanswered?.length
      ? [`No column answers ${r.columns.unanswered.map((q) => `'${q}'`).join(', ')}.`]
      : []),
  ];
  const skipped = r.skipped ?? {};
  const skippedRows = (skipped.bad ?? 0) + (skipped.no_outcome ?? 0) + (skipped.unknown_outcome ?? 0);
  const problems = r.problems ?? [];
  if (!notes.length && !skippedRows && !problems.length) return nothing;
  return html`<section class="bt-part" aria-labelledby="bt-notes-h">
    <h3 id="bt-notes-h">About this file</h3>
    <ul class="bt-notes">
      ${notes.map((n) => html`<li>${n}</li>`)}
      ${
        skippedRows
          ? html`<li>
              ${skippedRows} row${skippedRows > 1 ? 's' : ''} not counted: ${skipped.bad ?? 0} unreadable,
              ${skipped.no_outcome ?? 0} without an outcome, ${skipped.unknown_outcome ?? 0} with an outcome that is
              neither converted nor lost.
            </li>`
          : nothing
      }
      ${problems.slice(0, 20).map((p) => html`<li>line ${p.line}: ${p.message}</li>`)}
    </ul>
  </section>`;
}

function report(app) {
  const bt = app.backtest;
  const r = bt?.report;
  if (!r) return nothing;
  const base = bt.baseline;
  return html`<section class="card" aria-labelledby="btr-h" data-testid="backtest-report">
    <header class="section-head">
      <h2 id="btr-h">${r.rows} leads from ${bt.name}</h2>
      <button
        type="button"
        class="secondary"
        ?disabled=${base === r}
        @click=${() => {
          bt.baseline = r;
          app.requestUpdate();
        }}
      >
        Make this the baseline
      </button>
    </header>
    ${kpis(r, base)} ${stagesPart(app, r, base)} ${bandsPart(r)} ${decilesPart(r)} ${reasonsPart(app, r)}
    ${notesPart(r)}
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
  const bt = (app.backtest ??= { outcome: '', positive: '' });
  const rerun = () => {
    bt.baseline = null;
    runBacktest(app);
  };
  return html`<div class="backtest">
    <section class="card" aria-labelledby="bt-h">
      <h2 id="bt-h">Backtest on your CRM history</h2>
      <p class="intro">
        A CSV export with one row per lead: the answers (columns named by question id or label) and a column saying
        whether the lead converted. The core scores every row in this browser — nothing is uploaded — and the report
        follows every edit: move a stage threshold in Build and see here what moves.
      </p>
      <div class="leads-input">
        ${fileDrop({
          title: 'Drop a CRM export (CSV) here',
          detail: 'one lead per row, with a column saying whether it converted',
          accept: '.csv,text/csv',
          testid: 'backtest',
          onFile: (file) => take(app, file, file.name),
        })}
        <div class="paste">
          <label for="bt-paste">…or paste the CSV</label>
          <textarea
            id="bt-paste"
            rows="4"
            spellcheck="false"
            placeholder="budget,authority,need,timeline,converted"
            @change=${(e) =>
              e.target.value.trim() && take(app, new Blob([e.target.value], { type: 'text/csv' }), 'the pasted CSV')}
          ></textarea>
        </div>
      </div>
      <form
        class="grid cols-3 bt-options"
        @submit=${(e) => {
          e.preventDefault();
          rerun();
        }}
      >
        <div class="field">
          <label for="bt-outcome">Outcome column</label>
          <input
            id="bt-outcome"
            type="text"
            .value=${bt.outcome}
            @input=${(e) => (bt.outcome = e.target.value.trim())}
            @change=${rerun}
            placeholder="converted"
          />
        </div>
        <div class="field">
          <label for="bt-positive">Values meaning converted</label>
          <input
            id="bt-positive"
            type="text"
            .value=${bt.positive}
            aria-describedby="bt-positive-hint"
            @input=${(e) => (bt.positive = e.target.value)}
            @change=${rerun}
            placeholder="1, yes, won, closed won…"
          />
          <p class="hint" id="bt-positive-hint">Comma-separated; empty for the usual ones.</p>
        </div>
        <div class="field bt-run">
          ${bt.name ? html`<p class="hint" data-testid="bt-source">Using ${bt.name}</p>` : nothing}
          <button type="submit" class="primary" ?disabled=${!app.valid || !bt.csv}>Run backtest</button>
        </div>
      </form>
      ${bt.error ? html`<p class="msgs error" role="alert">${bt.error}</p>` : nothing}
      ${!app.valid ? html`<p class="notice bad">The model has errors: fix them to run the backtest.</p>` : nothing}
    </section>
    ${report(app)}
  </div>`;
}
