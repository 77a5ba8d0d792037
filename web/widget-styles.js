// The shadow-DOM styles of <lead-qualifier>, adopted as a constructed stylesheet (allowed under
// a strict `style-src 'self'`). Themable through the --lq-* custom properties and ::part().
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
.range-value{min-width:6.5rem;text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
.affix{display:flex;align-items:stretch}
.affix .unit{display:flex;align-items:center;padding:0 .75rem;background:var(--lq-surface);border:1px solid var(--lq-border);color:var(--lq-muted)}
.prefix .unit{border-right:0;border-radius:calc(var(--lq-radius) * .75) 0 0 calc(var(--lq-radius) * .75)}
.prefix input{border-top-left-radius:0;border-bottom-left-radius:0}
.suffix .unit{border-left:0;border-radius:0 calc(var(--lq-radius) * .75) calc(var(--lq-radius) * .75) 0}
.suffix input{border-top-right-radius:0;border-bottom-right-radius:0}
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
.primary{margin-left:auto}
.secondary{background:transparent;color:var(--lq-accent)}
button:disabled{opacity:.6;cursor:default}
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
@container (min-width:36rem){.mode-form .questions{grid-template-columns:1fr 1fr}.mode-form .choices{grid-column:1/-1}}
.outcome{outline:none}
.outcome-title{font-size:1.5rem;margin:0 0 .5rem}
.outcome-body{margin:0 0 1rem}
.outcome-score{color:var(--lq-muted)}
.status{color:var(--lq-muted);font-size:.9rem;margin:1rem 0 0}
.status:empty{display:none}
.load-error{color:var(--lq-error)}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skeleton{display:grid;gap:1rem;align-content:start}
.bone{height:2.75rem;border-radius:calc(var(--lq-radius) * .75);background:var(--lq-surface);animation:lq-pulse 1.2s ease-in-out infinite}
.bone.title{height:1.8rem;width:60%}
.bone.short{width:35%}
@keyframes lq-pulse{50%{opacity:.5}}
@media (prefers-reduced-motion:reduce){.bone{animation:none}.bar{transition:none}}
`;
