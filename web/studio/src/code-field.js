// <lq-code>: a CodeMirror 6 editor for one expression (infix text or JsonLogic) or a JSON value.
// It lives in its own shadow root, where CodeMirror's styles go into adopted stylesheets
// (allowed by the strict CSP; a <style> element would not be). It checks nothing itself: the
// messages under it are the core's, set from outside through `diagnostics`.
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { EditorState, Compartment } from '@codemirror/state';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { setDiagnostics } from '@codemirror/lint';
import { json } from '@codemirror/lang-json';

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
:host { display: block; }
.msgs { margin: 0.25rem 0 0; padding: 0; list-style: none; font-size: 0.85rem; }
.msgs li { display: flex; gap: 0.4rem; align-items: baseline; padding: 0.15rem 0; }
.msgs .error { color: var(--st-error, #b3261e); }
.msgs .warning { color: var(--st-warning-text, #7a4a00); }
.msgs .tag { font-weight: 600; text-transform: uppercase; font-size: 0.7rem; letter-spacing: 0.04em; }
`);

const theme = EditorView.theme({
  '&': {
    border: '1px solid var(--st-border, #c9ced8)',
    borderRadius: '6px',
    background: 'var(--st-input-bg, #fff)',
    fontSize: '0.9rem',
  },
  '&.cm-focused': { outline: '2px solid var(--st-focus, #3b5bdb)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'var(--st-mono, ui-monospace, SFMono-Regular, Menlo, monospace)', padding: '6px 0' },
  '.cm-line': { padding: '0 8px' },
  '.cm-placeholder': { color: 'var(--st-muted, #5d6576)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { background: 'var(--st-accent, #3b5bdb)', color: '#fff' },
  // The lint package draws underlines with data: URL images, which the strict CSP (img-src
  // 'self') refuses: plain wavy text decorations instead.
  '.cm-lintRange': { backgroundImage: 'none' },
  '.cm-lintRange-error': { textDecoration: 'underline wavy var(--st-error, #b42318)', textUnderlineOffset: '3px' },
  '.cm-lintRange-warning': { textDecoration: 'underline wavy var(--st-warning, #b25e00)', textUnderlineOffset: '3px' },
  '.cm-completionDetail': { marginLeft: '0.6em', fontStyle: 'normal', opacity: 0.75 },
});

function textOf(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  const compact = JSON.stringify(value);
  return compact.length > 70 ? JSON.stringify(value, null, 2) : compact;
}

/** What the text means: infix text stays a string; `{…}`/`[…]` that parse are JsonLogic. */
function valueOf(text, kind) {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (kind === 'json' || trimmed[0] === '{' || trimmed[0] === '[') {
    try {
      return JSON.parse(trimmed);
    } catch {
      return kind === 'json' ? text : text; // kept as typed; the core says what is wrong
    }
  }
  return text;
}

// Where inside the text a core message points: "at column 7: …" (infix text), else nowhere.
function located(message, length) {
  const m = /at column (\d+)/.exec(message);
  if (!m) return { from: 0, to: Math.max(0, length) };
  const from = Math.min(Number(m[1]) - 1, length);
  return { from, to: Math.min(length, from + 1) };
}

function inString(text) {
  let quote = null;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
      start = i;
    }
  }
  return quote ? start : -1;
}

export class CodeField extends HTMLElement {
  #view = null;
  #value = undefined;
  #emitted = undefined;
  #diagnostics = [];
  #names = null;
  #readonly = new Compartment();
  #labelled = new Compartment();
  #list = null;

  kind = 'expr';
  label = '';
  placeholderText = '';

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.shadowRoot.adoptedStyleSheets = [sheet];
  }

  connectedCallback() {
    if (this.#view) return;
    const host = document.createElement('div');
    this.#list = document.createElement('ul');
    this.#list.className = 'msgs';
    this.#list.id = 'msgs';
    this.#list.setAttribute('aria-live', 'polite');
    this.shadowRoot.append(host, this.#list);
    const extensions = [
      theme,
      keymap.of([...closeBracketsKeymap, ...completionKeymap, ...defaultKeymap, indentWithTab]),
      closeBrackets(),
      autocompletion({ override: [(context) => this.#complete(context)], activateOnTyping: true }),
      this.#labelled.of(this.#contentAttributes()),
      this.#readonly.of([]),
      EditorView.lineWrapping,
      EditorView.updateListener.of((update) => {
        if (update.docChanged) this.#typed(update.state.doc.toString());
      }),
    ];
    if (this.kind === 'json') extensions.push(json());
    if (this.placeholderText) extensions.push(placeholder(this.placeholderText));
    this.#view = new EditorView({
      state: EditorState.create({ doc: textOf(this.#value), extensions }),
      parent: host,
      root: this.shadowRoot,
    });
    this.#showDiagnostics();
  }

  disconnectedCallback() {
    // Lit may move the element; keep the view, it is cheap, and re-attaching restores it.
  }

  focus() {
    this.#view?.focus();
  }

  get value() {
    return this.#value;
  }

  set value(value) {
    this.#value = value;
    if (!this.#view) return;
    if (JSON.stringify(value) === JSON.stringify(this.#emitted)) return; // our own edit coming back
    const text = textOf(value);
    if (text !== this.#view.state.doc.toString()) {
      this.#emitted = value;
      this.#view.dispatch({ changes: { from: 0, to: this.#view.state.doc.length, insert: text } });
    }
  }

  /** The core's messages for this field: [{severity: 'error'|'warning', message, pointer}]. */
  set diagnostics(list) {
    const next = list ?? [];
    if (JSON.stringify(next) === JSON.stringify(this.#diagnostics)) return;
    this.#diagnostics = next;
    this.#showDiagnostics();
  }

  /** Names for completion: {questions: [{id, type, label, options: [{value, label}]}], computed, signals, dimensions, functions, stage}. */
  set names(names) {
    this.#names = names;
  }

  #contentAttributes() {
    return EditorView.contentAttributes.of({
      'aria-label': this.label,
      'aria-describedby': 'msgs',
      'aria-multiline': 'true',
      'aria-invalid': this.#diagnostics.some((d) => d.severity === 'error') ? 'true' : 'false',
    });
  }

  #typed(text) {
    const value = valueOf(text, this.kind);
    if (JSON.stringify(value) === JSON.stringify(this.#emitted)) return;
    this.#emitted = value;
    this.#value = value;
    this.dispatchEvent(new CustomEvent('lq-change', { detail: { value }, bubbles: true }));
  }

  #showDiagnostics() {
    if (!this.#view) return;
    const length = this.#view.state.doc.length;
    const marks = this.#diagnostics.map((d) => ({
      ...located(d.message, length),
      severity: d.severity,
      message: d.message,
    }));
    this.#view.dispatch(setDiagnostics(this.#view.state, marks));
    this.#view.dispatch({ effects: this.#labelled.reconfigure(this.#contentAttributes()) });
    this.#list.replaceChildren(
      ...this.#diagnostics.map((d) => {
        const li = document.createElement('li');
        li.className = d.severity;
        const tag = document.createElement('span');
        tag.className = 'tag';
        tag.textContent = d.severity === 'error' ? 'Error' : 'Warning';
        const text = document.createElement('span');
        text.textContent = d.message;
        li.append(tag, text);
        return li;
      }),
    );
  }

  #complete(context) {
    const names = this.#names;
    if (!names) return null;
    const before = context.state.sliceDoc(0, context.pos);
    const open = inString(before);
    if (open >= 0) {
      // Inside a string: the option values of the question compared with, else of all choices.
      const head = before.slice(0, open);
      const ids = [...head.matchAll(/[A-Za-z_][\w]*/g)].map((m) => m[0]);
      const byId = new Map(names.questions.filter((q) => q.options?.length).map((q) => [q.id, q]));
      const target = [...ids].reverse().find((id) => byId.has(id));
      const questions = target ? [byId.get(target)] : [...byId.values()];
      const options = questions.flatMap((q) =>
        q.options.map((o) => ({
          label: o.value,
          detail: o.label && o.label !== o.value ? o.label : q.id,
          type: 'enum',
        })),
      );
      return { from: open + 1, options, validFor: /^[^'"]*$/ };
    }
    const word = context.matchBefore(/[A-Za-z_][\w.]*/);
    if (!word && !context.explicit) return null;
    const from = word ? word.from : context.pos;
    const text = word ? word.text : '';
    if (text.startsWith('signals.')) {
      return { from: from + 8, options: names.signals.map((id) => ({ label: id, type: 'variable' })) };
    }
    if (text.startsWith('dimensions.') && names.stage) {
      return { from: from + 11, options: names.dimensions.map((id) => ({ label: id, type: 'variable' })) };
    }
    const options = [
      ...names.questions.map((q) => ({ label: q.id, detail: q.type, type: 'variable', boost: 2 })),
      ...names.computed.map((id) => ({ label: id, detail: 'computed', type: 'variable', boost: 1 })),
      ...names.functions.map((fn) => ({ label: fn, detail: 'function', type: 'function', apply: `${fn}(` })),
      ...(names.signals.length ? [{ label: 'signals.', detail: 'signal', type: 'namespace' }] : []),
      ...['and', 'or', 'not', 'in', 'true', 'false', 'null'].map((k) => ({ label: k, type: 'keyword', boost: -1 })),
    ];
    if (names.stage) {
      options.push(
        ...['score', 'percent', 'grade', 'complete'].map((k) => ({
          label: k,
          detail: 'result',
          type: 'variable',
          boost: 3,
        })),
        ...names.dimensions.map((id) => ({
          label: `dimensions.${id}`,
          detail: 'dimension',
          type: 'variable',
          boost: 1,
        })),
      );
    }
    return { from, options, validFor: /^[\w.]*$/ };
  }
}

if (!customElements.get('lq-code')) customElements.define('lq-code', CodeField);
