// The Export tab: the model file (and its compiled form when the core can compile), the project
// file with the example leads, the embed snippet, the files a static host needs; and import
// from a file or a URL. Downloads are made in the browser; nothing is uploaded.
import { html, nothing } from 'lit';
import { compileModel, features } from './core.js';
import { projectFrom } from './store.js';

export async function readModelFile(file) {
  return JSON.parse(await file.text());
}

/** Saves `data` (text or bytes) as a file through the browser's download (a blob: URL; nothing is sent). */
export function download(name, data, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "Open a model or project file…": a file input styled as a button. */
export function openFileButton(app) {
  return html`<label class="file-button secondary"
    >Open a model or project file…
    <input
      type="file"
      accept=".json,application/json"
      @change=${(e) => e.target.files[0] && app.openFile(e.target.files[0])}
  /></label>`;
}

export function modelText(model) {
  return `${JSON.stringify(model, null, 2)}\n`;
}

export function embedSnippet(app) {
  const mode = app.store.ui.previewMode ?? 'form';
  const file = `${app.model.id}.json`;
  return `<link rel="stylesheet" href="/leadqual/widget.css">
<script type="module" src="/leadqual/widget.min.js"></script>

<lead-qualifier model="/models/${file}" mode="${mode}" endpoint="/api/v1/results"></lead-qualifier>`;
}

// What a static host serves for the widget (docs/widget.md "Embedding", "The compiled form"): the
// package's web/ files below /leadqual/, and the model — its JSON with the core module, or its
// compiled form with the runtime module alone.
export function staticFiles(app, { compiled = false } = {}) {
  const module = compiled ? 'leadqual-runtime' : 'leadqual-core';
  return [
    ['leadqual/widget.min.js', 'the <lead-qualifier> element'],
    ['leadqual/widget.css', 'reserves the space before the script runs (optional)'],
    ['leadqual/leadqual.js', 'the JS API the widget imports'],
    [`leadqual/build/${module}.js`, 'the WebAssembly glue'],
    [
      `leadqual/build/${module}.wasm`,
      `${compiled ? 'the runtime: scores a compiled model' : 'the scoring core'} (serve as application/wasm)`,
    ],
    compiled
      ? [`models/${app.model.id}.lqc`, 'this model, compiled (the file exported above)']
      : [`models/${app.model.id}.json`, 'this model (the file downloaded above)'],
  ];
}

/** Downloads the compiled model: the bytes `leadqual build` writes, which the runtime module loads. */
async function exportCompiled(app) {
  app.compileError = null;
  try {
    download(`${app.model.id}.lqc`, await compileModel(app.model), 'application/octet-stream');
  } catch (error) {
    app.compileError = error.message;
  }
  app.requestUpdate();
}

function filesTable(files) {
  return html`<table class="files">
    <tbody>
      ${files.map(
        ([file, what]) =>
          html`<tr>
            <th scope="row"><code>/${file}</code></th>
            <td>${what}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

async function copy(app, text) {
  try {
    await navigator.clipboard.writeText(text);
    app.copied = 'Copied to the clipboard.';
  } catch {
    app.copied = 'Select the text and copy it (the clipboard is not available here).';
  }
  app.requestUpdate();
}

async function importUrl(app, url) {
  app.importError = null;
  try {
    const response = await fetch(new URL(url, document.baseURI), { credentials: 'omit' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    app.start(projectFrom(JSON.parse(await response.text())));
    app.store.setUi('tab', 'build');
  } catch (error) {
    app.importError = `${url}: ${error.message}`;
    app.requestUpdate();
  }
}

export function exportTab(app) {
  const valid = app.errors.length === 0;
  const id = app.model.id;
  const snippet = embedSnippet(app);
  return html`<div class="export">
    <section class="card" aria-labelledby="ex-h">
      <h2 id="ex-h">Download</h2>
      ${
        valid
          ? nothing
          : html`<p class="notice warn">
              The model has ${app.errors.length} error(s): the widget will refuse it until they are fixed.
            </p>`
      }
      <div class="button-row">
        <button
          type="button"
          class="primary"
          data-testid="download-model"
          @click=${() => download(`${id}.json`, modelText(app.model))}
        >
          Download ${id}.json
        </button>
        <button
          type="button"
          class="secondary"
          data-testid="download-project"
          @click=${() => download(`${id}.studio.json`, `${JSON.stringify(app.store.project, null, 2)}\n`)}
        >
          Download project (model + example leads)
        </button>
        ${
          features.compile
            ? html`<button
                type="button"
                class="secondary"
                data-testid="download-compiled"
                ?disabled=${!valid}
                @click=${() => exportCompiled(app)}
              >
                Export compiled model (${id}.lqc)
              </button>`
            : html`<p class="hint">
                The compiled form comes with the core's compiler (<code>leadqual build</code>); this build has none yet.
              </p>`
        }
      </div>
      ${app.compileError ? html`<p class="msgs error" role="alert">${app.compileError}</p>` : nothing}
      ${
        features.compile
          ? html`<p class="hint">
              The compiled model is what <code>leadqual build</code> writes: a page that loads it needs only the small
              runtime module, with no compiler, so it paints sooner. It scores exactly as the JSON does.
            </p>`
          : nothing
      }
    </section>
    <section class="card" aria-labelledby="embed-h">
      <h2 id="embed-h">Embed on a page</h2>
      <label for="snippet">Paste this into your landing page:</label>
      <textarea id="snippet" class="code" rows="4" readonly .value=${snippet}></textarea>
      <div class="button-row">
        <button type="button" class="secondary" @click=${() => copy(app, snippet)}>Copy snippet</button>
        <span role="status" class="muted">${app.copied ?? ''}</span>
      </div>
      <h3>Files your static host needs</h3>
      ${filesTable(staticFiles(app))}
      ${
        features.compile
          ? html`<h3>…or, with the compiled model</h3>
              ${filesTable(staticFiles(app, { compiled: true }))}`
          : nothing
      }
      <p class="hint">
        The <code>leadqual/</code> files are the npm package's <code>web/</code> folder (<code>npm run build</code>
        makes them).
      </p>
    </section>
    <section class="card" aria-labelledby="imp-h">
      <h2 id="imp-h">Import</h2>
      <div class="button-row">${openFileButton(app)}</div>
      <form
        class="row"
        @submit=${(e) => {
          e.preventDefault();
          const url = e.target.elements.url.value.trim();
          if (url) importUrl(app, url);
        }}
      >
        <label for="import-url">From a URL</label>
        <input id="import-url" name="url" type="url" placeholder="/models/frameworks/bant.json" />
        <button type="submit" class="secondary">Import</button>
      </form>
      ${app.importError ? html`<p class="msgs error" role="alert">${app.importError}</p>` : nothing}
      <p class="hint">
        Your work is kept in this browser (IndexedDB) and never uploaded; importing replaces it, and Undo brings it
        back.
      </p>
    </section>
  </div>`;
}
