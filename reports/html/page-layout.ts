import { html, trusted, type HtmlValue, type SafeHtml } from './html.js';

/**
 * The shell every report page shares: French, self-contained (inline CSS, no script, no request).
 * The Content-Security-Policy forbids any load, so that a page that tried to fetch something would
 * show it as an error in the browser test instead of silently working only online.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { --ink: #1d2733; --muted: #5b6877; --line: #d9dee5; --panel: #f5f7fa; --accent: #1f4e79; --warn: #b45309; --bad: #b42318; --good: #2f6f3e; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 "Liberation Sans", "DejaVu Sans", Arial, Helvetica, sans-serif; }
header.top { background: var(--accent); color: #fff; padding: 22px 32px 18px; }
header.top h1 { margin: 0; font-size: 24px; font-weight: 700; }
header.top p { margin: 4px 0 0; opacity: .9; }
header.top a { color: #fff; }
main { max-width: 1040px; margin: 0 auto; padding: 8px 32px 24px; }
section { margin: 28px 0 0; }
h2 { font-size: 19px; margin: 0 0 4px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); color: var(--accent); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.note { color: var(--muted); font-size: 13px; margin: 6px 0 10px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-top: 12px; }
.cards.five { grid-template-columns: repeat(5, 1fr); }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
@media (max-width: 760px) { .cards, .cards.five, .charts { grid-template-columns: 1fr 1fr; } }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 26px; font-weight: 700; line-height: 1.25; }
.card .detail { color: var(--muted); font-size: 12px; }
.card.main { border-color: var(--accent); background: #eaf1f8; }
.card.main .value { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin-top: 10px; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.nowrap { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.undetermined td { background: #fff7ed; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
code { font-size: 12px; background: var(--panel); padding: 0 3px; border-radius: 3px; }
ul.reasons { margin: 0; padding-left: 16px; font-size: 13px; }
ul.reasons li { white-space: nowrap; }
td .sub, td.note-cell, .alert .sub { color: var(--muted); font-size: 13px; white-space: pre-line; }
svg.chart { width: 100%; height: auto; display: block; margin-top: 8px; }
svg.chart text { font-family: inherit; font-size: 12px; fill: var(--muted); }
svg.chart text.legend { fill: var(--ink); }
svg.chart text.value { font-weight: 700; font-size: 13px; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .axis { stroke: var(--ink); stroke-width: 1; }
svg.bar { vertical-align: middle; }
svg.bar rect { fill: var(--accent); }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; font-weight: 600; }
.status.succeeded { background: #e3f1e6; color: var(--good); }
.status.failed { background: #fde7e5; color: var(--bad); }
.status.running, .status.interrupted { background: #fff1dc; color: var(--warn); }
.alert { border-left: 4px solid var(--bad); background: #fde7e5; padding: 8px 12px; margin-top: 16px; }
.empty { color: var(--muted); font-style: italic; }
footer { border-top: 1px solid var(--line); margin-top: 36px; padding: 14px 0 0; color: var(--muted); font-size: 13px; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
footer dt { font-weight: 600; }
footer dd { margin: 0; }
@media print { header.top { background: none; color: var(--ink); border-bottom: 2px solid var(--ink); } section { break-inside: avoid; } }
`;

export function page(title: string, header: HtmlValue, body: HtmlValue): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
<header class="top">${header}</header>
<main>
${body}
</main>
</body>
</html>
`;
}
