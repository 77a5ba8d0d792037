// Quiz progress that never jumps back: the share of the model's questions that come before the
// one on screen, in model order. Questions that an answer shows or hides (`showIf`) are counted
// from the start, so one appearing changes nothing, and skipped ones count as done; the total is
// fixed by the model ("5 of 8" never becomes "5 of 9").
/**
 * @param {{questions: ReadonlyArray<{id: string, type: string}>}} model
 * @param {string | null | undefined} current
 * @returns {number}
 */
export function quizProgress(model, current) {
  const order = model.questions.filter((q) => q.type !== 'hidden').map((q) => q.id);
  const before = current == null ? 0 : Math.max(0, order.indexOf(current));
  return order.length ? Math.round((100 * before) / order.length) : 0;
}
