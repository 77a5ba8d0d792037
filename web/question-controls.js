// How the widget asks each question type of the core's vocabulary (web/widget.js renderQuestion).
// One entry per type, compared with the core's list by tests/js/vocabulary.test.mjs, so a type
// the core adds cannot fall silently into another type's control.
export const QUESTION_CONTROLS = Object.freeze({
  choice: 'options', // radios; a drop-down past the widget's SELECT_THRESHOLD options
  multi: 'options', // checkboxes
  boolean: 'options', // yes / no radios
  number: 'input', // <input type=number>, with its unit beside it
  range: 'input', // a slider and its value
  text: 'input',
  email: 'input', // <input type=email autocomplete=email>
  hidden: 'none', // never shown: the page sets it (a URL parameter, setAnswer)
});

/**
 * The control for a question type; throws for a type the widget does not know.
 * @param {string} type
 * @returns {'options' | 'input' | 'none'}
 */
export function questionControl(type) {
  const control = Object.hasOwn(QUESTION_CONTROLS, type)
    ? QUESTION_CONTROLS[/** @type {keyof typeof QUESTION_CONTROLS} */ (type)]
    : undefined;
  if (!control) throw new TypeError(`leadqual: the widget has no control for question type '${type}'`);
  return control;
}
