import { html, type SafeHtml } from './html.js';

/**
 * A figure as people read it, tagged with where it comes from so that a test (or an analyst with the
 * browser's inspector) can check it against the JSON: `data-figure` is a dot path into
 * key-figures.json, `data-run` a dot path into run.json (array elements by index, e.g.
 * `nonRetrouves.byPsad.3.count`), and `data-value` the raw value, JSON-encoded (so `null` and
 * `"null"` differ).
 */
export type FigureValue = number | string | null;

export function keyFigure(path: string, value: FigureValue, text: string): SafeHtml {
  return html`<span class="figure" data-figure="${path}" data-value="${JSON.stringify(value)}">${text}</span>`;
}

export function runFigure(path: string, value: FigureValue, text: string): SafeHtml {
  return html`<span class="figure" data-run="${path}" data-value="${JSON.stringify(value)}">${text}</span>`;
}
