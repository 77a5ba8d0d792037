// The studio's entry point (bundled by scripts/build-studio.mjs into web/studio/build/).
import 'uplot/dist/uPlot.min.css';
import './studio.css';
import './app.js';
