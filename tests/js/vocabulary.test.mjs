// One vocabulary: the core defines the question types (and each one's keys), every object's keys,
// the computed and submit formats and the reason policies (src/core/compiler/vocabulary.cpp), and
// hands them out (vocabulary()). Every other place that spells them follows: the JSON Schema, the
// published types, the widget's per-type controls, delivery.js's adapters and docs/model.md.
// Adding a type or a format to the core without them (or to them without the core) fails here.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { vocabulary } from '../../web/leadqual.js';
import { FORMATS } from '../../web/delivery.js';
import { QUESTION_CONTROLS } from '../../web/question-controls.js';
import { root } from './support/project.mjs';

const words = await vocabulary();
const schema = JSON.parse(readFileSync(path.join(root, 'models/model.schema.json'), 'utf8'));
const typesText = readFileSync(path.join(root, 'web/leadqual.d.ts'), 'utf8');
const deliveryTypes = readFileSync(path.join(root, 'web/delivery.d.ts'), 'utf8');
const modelDoc = readFileSync(path.join(root, 'docs/model.md'), 'utf8');
const sorted = (list) => [...list].sort();

// Where each object of the vocabulary is described in the JSON Schema.
function schemaObject(name) {
  const defs = schema.$defs;
  const submit = defs.submit.properties;
  const at = {
    model: schema,
    dimension: defs.dimension,
    question: defs.question,
    option: (defs.option.oneOf || defs.option.anyOf || [defs.option]).find((s) => s.properties),
    band: defs.band,
    computed: defs.computed,
    signal: defs.signal,
    rule: defs.rule,
    grade: defs.grade,
    gradeBand: defs.grade.properties.bands.items,
    stage: defs.stage,
    intro: defs.intro,
    results: schema.properties.results,
    show: defs.show,
    outcome: defs.outcome,
    cta: defs.cta,
    submit: defs.submit,
    consent: submit.consent,
    consentLink: submit.consent.properties.link,
    communication: submit.consent.properties.communications.items,
    resultPolicy: submit.result,
    hubspot: submit.hubspot,
    salesforce: submit.salesforce,
  }[name];
  assert.ok(at?.properties, `the JSON Schema has no object for '${name}'`);
  return at;
}

// The keys the schema lets a question of `type` have, and the ones it requires: its
// properties, less those an if/then/else of allOf forbids for that type.
function schemaQuestionKeys(type) {
  const q = schema.$defs.question;
  const allowed = new Set(Object.keys(q.properties));
  const required = new Set(q.required);
  for (const rule of q.allOf || []) {
    const condition = rule.if.properties.type;
    const matches = condition.const !== undefined ? condition.const === type : condition.enum.includes(type);
    const branch = matches ? rule.then : rule.else;
    for (const [key, value] of Object.entries(branch?.properties || {})) if (value === false) allowed.delete(key);
    for (const key of branch?.required || []) required.add(key);
  }
  return { allowed: sorted(allowed), required: sorted(required) };
}

// The string literals of a TypeScript union: `type: 'a' | 'b'` → ['a', 'b'].
function unionAfter(text, pattern) {
  const match = text.match(pattern);
  assert.ok(match, `no ${pattern} in the published types`);
  return [...match[1].matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

// The members named in one interface of leadqual.d.ts.
function interfaceKeys(name) {
  const match = typesText.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`));
  assert.ok(match, `no interface ${name} in web/leadqual.d.ts`);
  return [...match[1].matchAll(/^ {2}(?:readonly )?'?([$\w]+)'?\??:/gm)].map((m) => m[1]);
}

test('the core names every question type once, with its keys and its answer', () => {
  assert.deepEqual(sorted(Object.keys(words.questionTypes)), sorted(words.questionTypeOrder));
  assert.ok(words.questionTypeOrder.length >= 8);
  const all = new Set(words.keys.question);
  for (const [type, info] of Object.entries(words.questionTypes)) {
    for (const key of info.keys) assert.ok(all.has(key), `${type}.${key} is among the question keys`);
    for (const key of info.required) assert.ok(info.keys.includes(key), `${type} requires a key of its own`);
    assert.ok(info.answer.length > 0, `${type} says what its answer is`);
  }
});

test('the JSON Schema has the core question types, each with exactly its keys', () => {
  assert.deepEqual(schema.$defs.question.properties.type.enum, words.questionTypeOrder);
  for (const [type, info] of Object.entries(words.questionTypes)) {
    const { allowed, required } = schemaQuestionKeys(type);
    assert.deepEqual(allowed, sorted([...words.commonQuestionKeys, ...info.keys]), `keys of a ${type} question`);
    assert.deepEqual(required, sorted(['id', 'type', ...info.required]), `required keys of a ${type} question`);
  }
});

test("the JSON Schema's objects have the core's keys, and its formats are the core's", () => {
  for (const [name, keys] of Object.entries(words.keys)) {
    assert.deepEqual(sorted(Object.keys(schemaObject(name).properties)), sorted(keys), `keys of ${name}`);
  }
  assert.deepEqual(schema.$defs.computed.properties.format.enum, words.computedFormats);
  assert.deepEqual(schema.$defs.submit.properties.format.enum, words.submitFormats);
  assert.deepEqual(schema.$defs.submit.properties.result.properties.reasons.enum, words.reasonPolicies);
});

test('the published types spell the same types, keys and formats', () => {
  assert.deepEqual(unionAfter(typesText, /export type QuestionType =([^;]*);/), words.questionTypeOrder);
  assert.deepEqual(unionAfter(typesText, /export type ComputedFormat =([^;]*);/), words.computedFormats);
  assert.deepEqual(unionAfter(deliveryTypes, /export type SubmitFormat =([^;]*);/), words.submitFormats);
  assert.deepEqual(sorted(interfaceKeys('ModelQuestion')), sorted(words.keys.question));
  assert.deepEqual(sorted(interfaceKeys('Model')), sorted(words.keys.model));
});

test('the widget has a control for every question type and delivery.js an adapter for every format', () => {
  assert.deepEqual(sorted(Object.keys(QUESTION_CONTROLS)), sorted(words.questionTypeOrder));
  assert.deepEqual(FORMATS, words.submitFormats);
});

test('docs/model.md lists the same question types, their keys and the formats', () => {
  const cells = (line) =>
    line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((cell) => cell.trim());
  const codes = (cell) => [...cell.matchAll(/`"?([^`"]+)"?`/g)].map((m) => m[1]);
  const row = (first) => modelDoc.split('\n').find((line) => line.startsWith(`| ${first} |`));
  assert.deepEqual(codes(cells(row('`type`'))[1]), words.questionTypeOrder);
  for (const [type, info] of Object.entries(words.questionTypes)) {
    const line = row(`\`${type}\``);
    assert.ok(line, `docs/model.md has a row for the ${type} type`);
    const keys = codes(cells(line)[2]).filter((key) => words.keys.question.includes(key));
    assert.deepEqual(sorted(new Set(keys)), sorted(info.keys), `docs/model.md: keys of ${type}`);
  }
  const formatRows = modelDoc.split('\n').filter((line) => line.startsWith('| `format` |'));
  assert.deepEqual(codes(cells(formatRows[0])[1]), words.computedFormats);
  assert.deepEqual(codes(cells(formatRows[1])[1]), words.submitFormats);
});
