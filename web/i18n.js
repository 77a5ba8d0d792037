// Built-in UI strings of the widget and enhanceForm, and the rules for picking a language.
// Model texts (labels, outcomes) come from the model itself; see `localize`.

/** @typedef {'en' | 'ja' | 'zh'} Language */

/** @type {readonly Language[]} */
export const LANGUAGES = ['en', 'ja', 'zh'];

/** @type {Record<Language, Record<string, string>>} */
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
  ja: {
    loading: '読み込み中…',
    loadFailed: 'フォームを読み込めませんでした。ページを再読み込みしてください。',
    next: '次へ',
    back: '戻る',
    submit: '送信',
    sending: '送信中…',
    sent: 'ありがとうございます。回答を送信しました。',
    queued: 'オフラインのようです。オンラインに戻り次第、回答を送信します。',
    retrying:
      'まだサーバーに接続できません。回答はこのブラウザに保存され、次回のアクセス時も含めて自動的に送信されます。',
    sendFailed: '回答を送信できませんでした。別の方法でお問い合わせください。',
    restart: '最初からやり直す',
    progress: '{percent}% 完了',
    progressLabel: '進捗',
    start: 'はじめる',
    breakdown: '項目別の結果',
    outOf: '{max} 中 {value}',
    required: 'この質問に回答してください。',
    number: '数値を入力してください。',
    between: '{min}〜{max} の値を入力してください。',
    atLeast: '{min} 以上の値を入力してください。',
    atMost: '{max} 以下の値を入力してください。',
    email: '有効なメールアドレスを入力してください。',
    invalid: 'この回答を確認してください。',
    consentRequired: '送信するには同意が必要です。',
    fixErrors: '強調表示された回答を修正してください。',
    yes: 'はい',
    no: 'いいえ',
    choose: '選択してください…',
    score: 'あなたのスコア',
    results: '結果',
    grade: 'グレード',
    honeypot: 'この欄は空欄のままにしてください',
  },
  zh: {
    loading: '加载中…',
    loadFailed: '无法加载此表单，请刷新页面。',
    next: '下一步',
    back: '上一步',
    submit: '提交',
    sending: '正在发送…',
    sent: '谢谢！您的回答已发送。',
    queued: '您似乎处于离线状态。恢复联网后我们会立即发送您的回答。',
    retrying: '暂时无法连接到服务器。您的回答已保存在此浏览器中，并会自动发送（下次访问时也会）。',
    sendFailed: '无法发送您的回答，请通过其他方式联系我们。',
    restart: '重新开始',
    progress: '已完成 {percent}%',
    progressLabel: '进度',
    start: '开始',
    breakdown: '各项得分',
    outOf: '{value}（满分 {max}）',
    required: '请回答此问题。',
    number: '请输入数字。',
    between: '请输入 {min} 到 {max} 之间的值。',
    atLeast: '请输入不小于 {min} 的值。',
    atMost: '请输入不大于 {max} 的值。',
    email: '请输入有效的电子邮件地址。',
    invalid: '请检查此回答。',
    consentRequired: '发送您的信息前需要您的同意。',
    fixErrors: '请更正标出的回答。',
    yes: '是',
    no: '否',
    choose: '请选择…',
    score: '您的得分',
    results: '您的结果',
    grade: '等级',
    honeypot: '请勿填写此栏',
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

// A UI string with {placeholders} filled in; unknown keys fall back to English, then the key.
/**
 * @param {string} lang
 * @param {string} key
 * @param {Record<string, unknown>} [params]
 * @returns {string}
 */
export function uiText(lang, key, params = {}) {
  const table = STRINGS[/** @type {Language} */ (lang)] || STRINGS.en;
  const template = table[key] ?? STRINGS.en[key] ?? key;
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
