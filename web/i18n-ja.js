// The widget's UI strings in Japanese, loaded by web/i18n.js (loadLanguage) only for a page that
// asks for them; the keys are English's (web/i18n.js), which fills in any missing here;
// `loading` is in web/i18n.js, for the skeleton shown before this module is in.
/** @type {Record<string, string>} */
export default {
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
};
