// UI strings of the widget and enhanceForm, and the rules for picking a language. English is
// built in; every other language is a module of its own (i18n-ja.js, …), which loadLanguage()
// fetches only for a page that asks for it, so an English page never downloads the others.
// Model texts (labels, outcomes) come from the model itself; see `localize`.

/** @typedef {'en' | 'ja' | 'zh'} Language */

// Each language but English: the module with its strings (the minified bundles load the module's
// minified copy beside them, scripts/build-widget.mjs).
/** @type {Record<Exclude<Language, 'en'>, () => Promise<{default: Record<string, string>}>>} */
const MODULES = {
  ja: () => import('./i18n-ja.js'),
  zh: () => import('./i18n-zh.js'),
};

/** @type {readonly Language[]} */
export const LANGUAGES = ['en', 'ja', 'zh'];

// The strings of the languages loaded so far: English always.
/** @type {Partial<Record<Language, Record<string, string>>> & {en: Record<string, string>}} */
const STRINGS = {
  en: {
    loading: 'Loading…',
    loadFailed: 'This form could not be loaded. Please reload the page.',
    next: 'Next',
    back: 'Back',
    submit: 'Submit',
    sending: 'Sending…',
    sent: 'Thank you — your answers were sent.',
    queued: 'You seem to be offline. We will send your answers as soon as you are back online.',
    retrying:
      'We could not reach our server yet. Your answers are saved in this browser and will be sent automatically, also on your next visit.',
    sendFailed: 'We could not send your answers. Please contact us another way.',
    restart: 'Start over',
    progress: '{percent}% complete',
    progressLabel: 'Progress',
    start: 'Start',
    breakdown: 'Your breakdown',
    outOf: '{value} of {max}',
    required: 'Please answer this question.',
    number: 'Please enter a number.',
    between: 'Please enter a value between {min} and {max}.',
    atLeast: 'Please enter a value of at least {min}.',
    atMost: 'Please enter a value of at most {max}.',
    email: 'Please enter a valid email address.',
    invalid: 'Please check this answer.',
    consentRequired: 'Please give your consent to send your details.',
    fixErrors: 'Please correct the highlighted answers.',
    yes: 'Yes',
    no: 'No',
    choose: 'Choose…',
    score: 'Your score',
    results: 'Your results',
    grade: 'Grade',
    honeypot: 'Leave this field empty',
  },
};

// Maps any BCP 47 tag to one of LANGUAGES: "ja-JP" → ja, "zh-Hans-CN"/"zh-TW" → zh, else en.
/**
 * @param {...(string | null | undefined)} candidates
 * @returns {Language}
 */
export function pickLanguage(...candidates) {
  for (const tag of candidates) {
    if (typeof tag !== 'string' || !tag) continue;
    const base = tag.toLowerCase().split(/[-_]/)[0];
    const known = LANGUAGES.find((language) => language === base);
    if (known) return known;
  }
  return 'en';
}

// What the skeleton says before a language's module is in: the one string of each language built in.
/** @type {Record<string, string>} */
const LOADING = { ja: '読み込み中…', zh: '加载中…' };

/** @type {Partial<Record<Language, Promise<void>>>} */
const loads = {};

/**
 * Loads the UI strings of `lang` (a LANGUAGES member; others are English): null when they are in
 * already (English always is), else a promise that resolves once they are, or once their module
 * failed to load, after which that language's texts are English's (and this returns null).
 * @param {string} lang
 * @returns {Promise<void> | null}
 */
export function loadLanguage(lang) {
  if (!Object.hasOwn(MODULES, lang) || STRINGS[/** @type {Language} */ (lang)]) return null;
  const language = /** @type {Exclude<Language, 'en'>} */ (lang);
  loads[language] ??= MODULES[language]().then(
    (module) => {
      STRINGS[language] = module.default;
    },
    (error) => {
      STRINGS[language] = {}; // in, with nothing of its own: English's
      console.warn(`leadqual: the ${language} UI texts could not be loaded, English is shown: ${error}`);
    },
  );
  return loads[language];
}

// The UI language of an element (<lead-qualifier>, <lead-results>): its own or the nearest `lang`
// attribute, then the page's, then the browser's.
/**
 * @param {Element} element
 * @returns {Language}
 */
export function elementLanguage(element) {
  const own = element.getAttribute('lang') || element.closest('[lang]')?.getAttribute('lang');
  return pickLanguage(own, document.documentElement.lang, ...(navigator.languages || [navigator.language]));
}

// A UI string with {placeholders} filled in, in `lang` once loadLanguage() has its strings in;
// unknown keys (and a language not loaded) fall back to English, then the key.
/**
 * @param {string} lang
 * @param {string} key
 * @param {Record<string, unknown>} [params]
 * @returns {string}
 */
export function uiText(lang, key, params = {}) {
  const own = Object.hasOwn(STRINGS, lang) ? STRINGS[/** @type {Language} */ (lang)] : undefined;
  const loading = key === 'loading' && Object.hasOwn(LOADING, lang) ? LOADING[lang] : undefined;
  const template = own?.[key] ?? loading ?? STRINGS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

// A model text: a plain string, or a map of language → string. Falls back to the requested
// language's base ("ja" for "ja-JP"), then the model's own language, then English, then the
// first text the model has.
/**
 * @param {unknown} text a string, or {language: string}
 * @param {string | undefined} lang
 * @param {string} [modelLang]
 * @returns {string}
 */
export function localize(text, lang, modelLang) {
  if (text == null) return '';
  if (typeof text !== 'object') return String(text);
  const base = String(lang || '')
    .toLowerCase()
    .split(/[-_]/)[0];
  for (const key of [lang, base, modelLang, 'en']) {
    const value = key ? /** @type {Record<string, unknown>} */ (text)[key] : undefined;
    if (typeof value === 'string') return value;
  }
  const first = Object.values(text).find((v) => typeof v === 'string');
  return first ?? '';
}

// The locale handed to Intl formatters: Simplified Chinese for "zh".
/** @param {string} lang */
export function intlLocale(lang) {
  return lang === 'zh' ? 'zh-CN' : lang === 'ja' ? 'ja-JP' : 'en-US';
}
