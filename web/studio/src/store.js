// The project being edited — the model, its languages and its named example leads — with
// undo/redo and persistence in the browser (IndexedDB, else localStorage). Nothing is ever sent
// anywhere: the store has no network code.
import { get as idbGet, set as idbSet } from 'idb-keyval';
import * as ptr from './pointer.js';
import { textPointers } from './schema.js';

const KEY = 'leadqual-studio:project';
const HISTORY = 200; // undo steps kept
const COALESCE_MS = 1200; // typing in one field within this time is one undo step

export const PROJECT_FORMAT = 1;

/** A new, minimal model that the core accepts: one dimension and the default stage. */
export function emptyModel() {
  return {
    leadqual: 1,
    id: 'my-qualifier',
    version: '1',
    lang: 'en',
    title: '',
    dimensions: [{ id: 'fit', label: 'Fit' }],
    questions: [],
    stages: [{ id: 'lead', label: 'Lead' }],
  };
}

/** The languages a model's texts are written in (the keys of its text maps), its own `lang` first. */
export function languagesOf(model) {
  const found = new Set([model.lang || 'en']);
  for (const pointer of textPointers(model)) {
    const value = ptr.get(model, pointer);
    if (value && typeof value === 'object') Object.keys(value).forEach((lang) => found.add(lang));
  }
  return [...found];
}

export function newProject(model, { examples = [], languages } = {}) {
  return { studio: PROJECT_FORMAT, model, languages: languages ?? languagesOf(model), examples };
}

/** A project file (what "Save project" writes), or a bare model file. */
export function projectFrom(data) {
  if (data && typeof data === 'object' && data.studio !== undefined && data.model) {
    return newProject(data.model, { examples: data.examples ?? [], languages: data.languages });
  }
  return newProject(data);
}

async function load() {
  try {
    const saved = await idbGet(KEY);
    if (saved) return saved;
  } catch {
    // IndexedDB blocked (some private modes): localStorage below.
  }
  try {
    const text = localStorage.getItem(KEY);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

async function save(state) {
  try {
    await idbSet(KEY, state);
    return;
  } catch {
    // fall through
  }
  try {
    localStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // Storage full or blocked: the work stays in this tab only.
  }
}

export class Store extends EventTarget {
  project = newProject(emptyModel());
  ui = {};
  #past = [];
  #future = [];
  #lastKey = null;
  #lastAt = 0;
  #saveTimer = null;
  #saved = Promise.resolve();

  /** Restores the last session's work; false when there was none. */
  async restore() {
    const saved = await load();
    if (!saved?.project?.model) return false;
    this.project = saved.project;
    this.ui = saved.ui ?? {};
    this.#past = saved.past ?? [];
    this.#future = saved.future ?? [];
    this.#changed();
    return true;
  }

  get model() {
    return this.project.model;
  }

  get canUndo() {
    return this.#past.length > 0;
  }

  get canRedo() {
    return this.#future.length > 0;
  }

  /** Changes the project through `mutate(project)` on a copy; one undo step per distinct key. */
  change(mutate, { key = null } = {}) {
    const before = JSON.stringify(this.project);
    const next = JSON.parse(before);
    mutate(next);
    const after = JSON.stringify(next);
    if (after === before) return;
    const now = Date.now();
    const merge = key !== null && key === this.#lastKey && now - this.#lastAt < COALESCE_MS;
    if (!merge) {
      this.#past.push(before);
      if (this.#past.length > HISTORY) this.#past.shift();
    }
    this.#future = [];
    this.#lastKey = key;
    this.#lastAt = now;
    this.project = next;
    this.#changed();
  }

  /** Sets one value of the model (undefined deletes it); typing in one field is one undo step. */
  edit(pointer, value, key = pointer) {
    this.change((p) => ptr.set(p.model, pointer, value), { key });
  }

  /** Changes the model through `mutate(model)`. */
  update(mutate, key) {
    this.change((p) => mutate(p.model), { key });
  }

  /** Starts over with another project (a preset, an empty model, an opened file); undoable. */
  replace(project) {
    this.change((p) => Object.assign(p, project, { model: project.model }));
    this.#lastKey = null;
  }

  undo() {
    if (!this.#past.length) return;
    this.#future.push(JSON.stringify(this.project));
    this.project = JSON.parse(this.#past.pop());
    this.#lastKey = null;
    this.#changed();
  }

  redo() {
    if (!this.#future.length) return;
    this.#past.push(JSON.stringify(this.project));
    this.project = JSON.parse(this.#future.pop());
    this.#lastKey = null;
    this.#changed();
  }

  /** UI choices kept across reloads (tab, preview mode…); not part of undo. */
  setUi(key, value) {
    this.ui = { ...this.ui, [key]: value };
    this.#schedule();
    this.dispatchEvent(new Event('ui'));
  }

  /** Resolves once everything changed so far is stored. */
  flush() {
    if (this.#saveTimer) {
      clearTimeout(this.#saveTimer);
      this.#saveTimer = null;
      this.#saved = this.#write();
    }
    return this.#saved;
  }

  #write() {
    return save({ project: this.project, ui: this.ui, past: this.#past.slice(-50), future: this.#future.slice(-50) });
  }

  #schedule() {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = null;
      this.#saved = this.#write();
    }, 250);
  }

  #changed() {
    this.#schedule();
    this.dispatchEvent(new Event('change'));
  }
}
