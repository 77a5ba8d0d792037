// Language choice and text fallback of web/i18n.js: every UI string exists in en, ja and zh;
// model texts fall back from the requested language to its base, the model's language, English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickLanguage, uiText, localize, LANGUAGES } from '../../web/i18n.js';

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
