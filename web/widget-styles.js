// The shadow-DOM styles of <lead-qualifier> and <lead-results>, adopted as one constructed
// stylesheet (allowed under a strict `style-src 'self'`). Themable through the --lq-* custom
// properties and ::part().
export const widgetStyles = `
:host{--lq-accent:#3355ff;--lq-accent-text:#fff;--lq-bg:#fff;--lq-fg:#1b1f2a;--lq-muted:#5b6272;
--lq-border:#d5d9e2;--lq-surface:#f5f7fb;--lq-error:#b3261e;--lq-focus:#3355ff;--lq-radius:12px;
--lq-font:system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans CJK JP","Noto Sans SC",sans-serif;
--lq-min-height:22rem;display:block;min-height:var(--lq-min-height);container-type:inline-size;
color:var(--lq-fg);font-family:var(--lq-font);font-size:1rem;line-height:1.5}
:host([theme=dark]){--lq-accent:#8aa2ff;--lq-accent-text:#0b1020;--lq-bg:#141821;--lq-fg:#e8ebf2;
--lq-muted:#a4abba;--lq-border:#343b4b;--lq-surface:#1c2130;--lq-error:#ff8a80;--lq-focus:#8aa2ff}
@media (prefers-color-scheme:dark){:host(:not([theme=light])){--lq-accent:#8aa2ff;--lq-accent-text:#0b1020;
--lq-bg:#141821;--lq-fg:#e8ebf2;--lq-muted:#a4abba;--lq-border:#343b4b;--lq-surface:#1c2130;--lq-error:#ff8a80;--lq-focus:#8aa2ff}}
[hidden]{display:none!important}
*{box-sizing:border-box}
.lq{background:var(--lq-bg);border:1px solid var(--lq-border);border-radius:var(--lq-radius);
padding:clamp(1rem,4cqi,2rem);min-height:var(--lq-min-height)}
.title{font-size:1.35rem;line-height:1.3;margin:0 0 .35rem}
.description{color:var(--lq-muted);margin:0 0 1rem}
.progress{margin:0 0 1.25rem}
.progress-text{font-size:.875rem;color:var(--lq-muted);margin:0 0 .35rem}
.track,.meter{height:.5rem;border-radius:1rem;background:var(--lq-surface);overflow:hidden;border:1px solid var(--lq-border)}
.bar{height:100%;width:0;background:var(--lq-accent);transition:width .25s ease}
.questions{display:grid;gap:1.25rem}
.field{border:0;margin:0;padding:0;min-width:0}
.label{display:block;font-weight:600;margin:0 0 .5rem;padding:0;font-size:1.05rem}
.mode-quiz .label{font-size:1.2rem}
.req{color:var(--lq-error)}
.help{color:var(--lq-muted);font-size:.9rem;margin:-.25rem 0 .5rem}
.options{display:grid;gap:.5rem}
.option{display:flex;gap:.65rem;align-items:center;padding:.7rem .9rem;border:1px solid var(--lq-border);
border-radius:calc(var(--lq-radius) * .75);background:var(--lq-bg);cursor:pointer;min-height:2.75rem}
.option:hover{border-color:var(--lq-accent)}
.option:has(input:checked){border-color:var(--lq-accent);background:var(--lq-surface);box-shadow:inset 0 0 0 1px var(--lq-accent)}
input[type=radio],input[type=checkbox]{width:1.15rem;height:1.15rem;margin:0;accent-color:var(--lq-accent);flex:none}
input[type=text],input[type=email],input[type=number],select{width:100%;font:inherit;color:var(--lq-fg);
background:var(--lq-bg);border:1px solid var(--lq-border);border-radius:calc(var(--lq-radius) * .75);padding:.65rem .8rem;min-height:2.75rem}
input[type=range]{width:100%;accent-color:var(--lq-accent);min-height:2.75rem;margin:0}
.range{display:flex;gap:1rem;align-items:center}
.range-value{min-width:6.5rem;text-align:end;font-variant-numeric:tabular-nums;font-weight:600}
.affix{display:flex;align-items:stretch}
.affix .unit{display:flex;align-items:center;padding:0 .75rem;background:var(--lq-surface);border:1px solid var(--lq-border);color:var(--lq-muted)}
.prefix .unit{border-inline-end:0;border-start-end-radius:0;border-end-end-radius:0;border-start-start-radius:calc(var(--lq-radius) * .75);border-end-start-radius:calc(var(--lq-radius) * .75)}
.prefix input{border-start-start-radius:0;border-end-start-radius:0}
.suffix .unit{border-inline-start:0;border-start-start-radius:0;border-end-start-radius:0;border-start-end-radius:calc(var(--lq-radius) * .75);border-end-end-radius:calc(var(--lq-radius) * .75)}
.suffix input{border-start-end-radius:0;border-end-end-radius:0}
:focus-visible{outline:3px solid var(--lq-focus);outline-offset:2px}
.option:has(input:focus-visible){outline:3px solid var(--lq-focus);outline-offset:2px}
.invalid input,.invalid select,.invalid .option{border-color:var(--lq-error)}
.error,.form-error{color:var(--lq-error);font-size:.9rem;margin:.35rem 0 0;min-height:0}
.error:empty,.form-error:empty{display:none}
.check{display:flex;gap:.65rem;align-items:flex-start;cursor:pointer}
.check input{margin-top:.2rem}
.consent{margin-top:1.25rem;font-size:.95rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem;align-items:center}
button,.cta{font:inherit;font-weight:600;border-radius:calc(var(--lq-radius) * .75);padding:.7rem 1.4rem;min-height:2.75rem;
cursor:pointer;border:1px solid var(--lq-accent);text-decoration:none;display:inline-flex;align-items:center;justify-content:center}
.primary,.cta{background:var(--lq-accent);color:var(--lq-accent-text)}
.primary{margin-inline-start:auto}
.secondary{background:transparent;color:var(--lq-accent)}
@container (min-width:36rem){.mode-form .questions{grid-template-columns:1fr 1fr}.mode-form .choices{grid-column:1/-1}}
.screens{display:grid}
.screens>*{grid-area:1/1;min-width:0}
.mode-quiz .screens>[hidden]{display:block!important;visibility:hidden}
.mode-quiz .questions>.field{grid-area:1/1}
.mode-quiz .questions>.field[hidden]{display:block!important;visibility:hidden}
.mode-quiz .error:empty{display:block;visibility:hidden}
.mode-quiz .error{min-height:1.35rem}
.mode-quiz .form-error{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.consent.later{visibility:hidden}
.intro{display:flex;flex-direction:column;justify-content:center}
.intro-title{font-size:1.25rem;margin:0 0 .5rem}
.intro-body{color:var(--lq-muted);margin:0}
.intro .primary{margin-inline-start:0}
.outcome{outline:none;display:grid;gap:1.25rem;align-content:start}
.outcome-hero{display:flex;flex-wrap:wrap;gap:1rem 1.5rem;align-items:center}
.outcome-text{flex:1 1 16rem;min-width:0}
.eyebrow{margin:0 0 .25rem;font-size:.8rem;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:var(--lq-accent)}
.outcome-title{font-size:clamp(1.35rem,4.5cqi,1.75rem);line-height:1.25;margin:0 0 .5rem}
.outcome-body{margin:0;color:var(--lq-fg)}
.chips{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 .5rem}
.chip{font-size:.85rem;font-weight:600;padding:.15rem .65rem;border-radius:999px;background:var(--lq-surface);border:1px solid var(--lq-border)}
.outcome-score{flex:none}
.gauge{--lq-share:0;width:7.5rem;aspect-ratio:1;border-radius:50%;display:grid;place-content:center;text-align:center;
background:radial-gradient(closest-side,var(--lq-bg) 78%,transparent 79%),conic-gradient(var(--lq-accent) calc(var(--lq-share) * 1turn),var(--lq-surface) 0)}
.gauge.no-scale{background:var(--lq-surface)}
.gauge-value{display:block;font-size:1.75rem;font-weight:800;line-height:1.1;font-variant-numeric:tabular-nums}
.gauge-label{display:block;font-size:.75rem;color:var(--lq-muted)}
.highlights{display:grid;gap:.75rem;margin:0;grid-template-columns:repeat(auto-fit,minmax(min(100%,11rem),1fr))}
.highlight{background:var(--lq-surface);border:1px solid var(--lq-border);border-radius:calc(var(--lq-radius) * .75);padding:.75rem 1rem}
.highlight dt{font-size:.85rem;color:var(--lq-muted)}
.highlight dd{margin:.15rem 0 0;font-size:1.5rem;font-weight:800;line-height:1.2;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.outcome-actions{margin:0}
.outcome-actions .cta{flex:1 1 auto}
.cta.secondary{background:transparent;color:var(--lq-accent)}
.section-title{font-size:1rem;margin:0 0 .75rem}
.breakdown{border-top:1px solid var(--lq-border);padding-top:1rem}
.dimensions{list-style:none;margin:0;padding:0;display:grid;gap:.8rem}
.dimension{display:grid;grid-template-columns:1fr auto;gap:.3rem 1rem;align-items:baseline}
.dimension-label{font-weight:600;min-width:0}
.dimension-value{color:var(--lq-muted);font-variant-numeric:tabular-nums}
.dimension-track{grid-column:1/-1;height:.6rem;border-radius:1rem;background:var(--lq-surface);border:1px solid var(--lq-border);overflow:hidden}
.dimension-bar{--lq-share:0;height:100%;width:calc(var(--lq-share) * 100%);background:var(--lq-accent);border-radius:1rem}
.outcome-footer{display:flex;justify-content:flex-end}
.outcome-footer .secondary{border-color:transparent;padding-inline:.5rem}
.status{color:var(--lq-muted);font-size:.9rem;margin:1rem 0 0}
.status:empty{display:none}
.load-error{color:var(--lq-error)}
.hp{position:absolute;inset-inline-start:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skeleton{display:grid;gap:1rem;align-content:start}
.bone{height:2.75rem;border-radius:calc(var(--lq-radius) * .75);background:var(--lq-surface);animation:lq-pulse 1.2s ease-in-out infinite}
.bone.title{height:1.8rem;width:60%}
.bone.short{width:35%}
@keyframes lq-pulse{50%{opacity:.5}}
@media (prefers-reduced-motion:reduce){.bone{animation:none}.bar{transition:none}}
@media (forced-colors:active){.bar,.dimension-bar{background:CanvasText}.gauge{border:2px solid CanvasText}}
`;

// The calculator's live panel (web/calculator-panel.js): only a calculator imports these rules.
export const calculatorStyles = `
.results{background:var(--lq-surface);border:1px solid var(--lq-border);border-radius:var(--lq-radius);padding:1rem 1.25rem;align-self:start}
.results h3{margin:0 0 .75rem;font-size:1rem;color:var(--lq-muted);font-weight:600}
.computed{margin:0 0 1rem;display:grid;gap:.75rem}
.computed-item dt{font-size:.9rem;color:var(--lq-muted)}
.computed-item dd{margin:0;font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums}
.score{margin:0 0 .5rem}
.score-value{font-size:1.25rem;font-variant-numeric:tabular-nums}
.stage-value{color:var(--lq-muted)}
.mode-calculator .body{display:grid;gap:1.5rem}
@container (min-width:40rem){.mode-calculator .body{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}
`;

/** @type {Map<string, CSSStyleSheet>} */
const sheets = new Map();
// One constructed stylesheet for each text, shared by every instance of both elements.
/** @param {string} text */
function sheetOf(text) {
  let sheet = sheets.get(text);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    sheets.set(text, sheet);
  }
  return sheet;
}

/** @returns {CSSStyleSheet} */
export function widgetSheet() {
  return sheetOf(widgetStyles);
}

/** @returns {CSSStyleSheet} */
export function calculatorSheet() {
  return sheetOf(calculatorStyles);
}
