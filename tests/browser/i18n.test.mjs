// Language choice and text fallback of web/i18n.js: every UI string exists in en, ja and zh;
// model texts fall back from the requested language to its base, the model's language, English;
// a language other than English is loaded on demand (loadLanguage), English until it is in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickLanguage, uiText, localize, loadLanguage, LANGUAGES } from '../../web/i18n.js';

test('a language other than English is loaded on demand; until then its texts are English', async () => {
  // A module instance of its own, so that no other test has loaded a language in it yet.
  const fresh = await import(`../../web/i18n.js?on-demand`);
  assert.equal(fresh.uiText('ja', 'next'), 'Next');
  assert.equal(fresh.uiText('ja', 'loading'), '読み込み中…', 'the skeleton speaks the language at once');
  assert.equal(fresh.uiText('zh', 'loading'), '加载中…');
  assert.equal(fresh.loadLanguage('en'), null, 'English is built in');
  assert.equal(fresh.loadLanguage('xx'), null, 'an unknown language is English');
  const loading = fresh.loadLanguage('ja');
  assert.ok(loading instanceof Promise);
  assert.equal(fresh.loadLanguage('ja'), loading, 'one load per language');
  await loading;
  assert.equal(fresh.loadLanguage('ja'), null);
  assert.equal(fresh.uiText('ja', 'next'), '次へ');
  assert.equal(fresh.uiText('ja', 'loading'), '読み込み中…');
  assert.equal(fresh.uiText('zh', 'next'), 'Next', 'only the language asked for is loaded');
});

await Promise.all(LANGUAGES.map(loadLanguage));

test('BCP 47 tags map to a built-in language, English otherwise', () => {
  assert.equal(pickLanguage('ja-JP'), 'ja');
  assert.equal(pickLanguage('zh-Hans-CN'), 'zh');
  assert.equal(pickLanguage('zh_TW'), 'zh');
  assert.equal(pickLanguage('fr-FR', 'ja'), 'ja');
  assert.equal(pickLanguage('', null, 'de'), 'en');
});

test('every UI string is translated and keeps its placeholders', () => {
  for (const lang of LANGUAGES) {
    for (const key of ['next', 'between', 'progress']) assert.notEqual(uiText(lang, key), key, `${lang}.${key}`);
  }
  assert.equal(uiText('en', 'between', { min: 1, max: 9 }), 'Please enter a value between 1 and 9.');
  assert.equal(uiText('ja', 'progress', { percent: 40 }), '40% 完了');
  assert.equal(uiText('zh', 'progress', { percent: 40 }), '已完成 40%');
  assert.equal(uiText('xx', 'next'), 'Next');
  assert.equal(uiText('en', 'no-such-key'), 'no-such-key');
});

test('the three tables have the same keys', () => {
  const probe = (lang) =>
    [
      'loading',
      'loadFailed',
      'next',
      'back',
      'submit',
      'sending',
      'sent',
      'queued',
      'retrying',
      'sendFailed',
      'restart',
      'progress',
      'required',
      'number',
      'between',
      'atLeast',
      'atMost',
      'email',
      'invalid',
      'consentRequired',
      'fixErrors',
      'yes',
      'no',
      'choose',
      'score',
      'results',
      'grade',
      'honeypot',
    ].filter((k) => lang !== 'en' && uiText(lang, k) === uiText('en', k));
  assert.deepEqual(probe('ja'), []);
  assert.deepEqual(probe('zh'), []);
});

test('model texts: requested language, its base, the model language, English, then any', () => {
  const label = { en: 'Budget', ja: '予算', fr: 'Budget (fr)' };
  assert.equal(localize(label, 'ja'), '予算');
  assert.equal(localize(label, 'ja-JP'), '予算');
  assert.equal(localize(label, 'zh', 'fr'), 'Budget (fr)');
  assert.equal(localize(label, 'zh'), 'Budget');
  assert.equal(localize({ de: 'Etat' }, 'zh'), 'Etat');
  assert.equal(localize('plain', 'ja'), 'plain');
  assert.equal(localize(undefined, 'ja'), '');
});
