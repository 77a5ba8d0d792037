// Compiled by `tsc -p web/tsconfig.json` (never run): the public API used as a TypeScript user
// would, so a declaration that drifts from the documented usage fails the type check.
import {
  evaluate,
  init,
  LeadqualError,
  loadQualifier,
  validateModel,
  type Qualifier,
  type Result,
  type SessionState,
} from '../../../web/leadqual.js';

export async function usage(): Promise<void> {
  await init({ wasmUrl: new URL('https://example.com/leadqual-core.wasm') });
  const q: Qualifier = await loadQualifier('/models/bant.json');
  const result: Result = q.score({ budget: 'approved', employees: 250 }, { now: new Date(), signals: { visits: 3 } });
  const stage: string = result.stage;
  const percent: number | null = result.percent;
  const firstReason = result.reasons[0];
  if (firstReason) console.log(firstReason.source, firstReason.points, stage, percent);
  const text: string = q.scoreJSON({ budget: 'none' });
  const session = q.session({ now: null }).set('budget', 'approved').unset('employees');
  const state: SessionState = session.state;
  const visible: readonly string[] = state.visible;
  console.log(text, visible, state.errors['budget']?.[0]?.code, q.model.questions?.length, q.hash);
  q.dispose();

  const errors = await validateModel({
    leadqual: 1,
    id: 'x',
    dimensions: [],
    stages: [],
    intro: { title: 'Two minutes', start: { en: 'Start', ja: 'はじめる' } },
    results: { show: { grade: true, dimensions: ['fit'], computed: false } },
    outcomes: {
      all: {
        title: 'Save {annual_savings} a year',
        cta: [
          { label: 'Book a call', href: 'https://cal.example/book' },
          { label: 'Email', href: 'mailto:a@b.co' },
        ],
        show: { stage: true },
      },
    },
  });
  for (const e of errors) console.log(e.pointer, e.message);
  const value = await evaluate({ '>=': [{ var: 'employees' }, 100] }, { employees: 250 });
  console.log(value);
  try {
    await evaluate('1 +');
  } catch (error) {
    if (error instanceof LeadqualError)
      console.log(
        error.errors.map((e) => e.pointer),
        error.type,
      );
  }
  // @ts-expect-error answers must be an object
  q.score(42);
  // @ts-expect-error the wasm binary is bytes, not a string
  await init({ wasmBinary: 'leadqual-core.wasm' });
}
