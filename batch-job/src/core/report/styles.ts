import { trusted } from './html.js';

/**
 * The report's only style sheet, inline. System fonts only (nothing is fetched), colours as
 * variables so the charts follow the dark scheme, and larger chart text on narrow screens:
 * SVG text scales down with its viewBox, so it is raised where the chart gets small.
 */
export const STYLES = trusted(`
:root{--bg:#f6f7f9;--card:#fff;--ink:#1c2430;--muted:#5b6675;--line:#dde2e8;--accent:#0f6cbd;--accent-2:#d9480f;--ok:#1e7b34;--warn:#a65f00;--bad:#b42318;--soft:#eef3f8;--shade:rgba(0,0,0,.22)}
@media (prefers-color-scheme:dark){:root{--bg:#12161c;--card:#1b2129;--ink:#e6eaf0;--muted:#9aa5b4;--line:#2e3742;--accent:#5aa9f0;--accent-2:#ff8f5a;--ok:#5cc97a;--warn:#f0b65a;--bad:#ff7b72;--soft:#222b36;--shade:rgba(0,0,0,.6)}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:20px 16px 40px}
h1{font-size:1.5rem;margin:.1em 0 .3em;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:0 0 .6em}
h3{font-size:1rem;margin:0 0 .4em;display:flex;gap:.5em;align-items:center;flex-wrap:wrap}
.eyebrow{color:var(--muted);font-size:.85rem;margin:0;text-transform:uppercase;letter-spacing:.04em}
.meta{color:var(--muted);margin:.2em 0;overflow-wrap:anywhere}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px;margin:16px 0;min-width:0;container-type:inline-size}
.sub{color:var(--muted);font-size:.9rem;margin:-.3em 0 .8em}
.grid{display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(min(100%,240px),1fr))}
.grid-2{display:grid;gap:16px;margin:16px 0;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr))}
.grid-2>section,.split>section,.stack>section{margin:0}
.split{display:grid;gap:16px;margin:16px 0;align-items:start}
.stack{display:grid;gap:16px;min-width:0}
@media (min-width:1000px){.split{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}
.kpis{display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(min(100%,160px),1fr));margin:16px 0}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.kpi b{display:block;font-size:1.3rem;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.kpi span{color:var(--muted);font-size:.85rem}
.card{border:1px solid var(--line);border-radius:8px;padding:12px;min-width:0}
.file{color:var(--muted);font-size:.85rem;margin:0 0 .5em;overflow-wrap:anywhere}
.counts{display:grid;grid-template-columns:1fr auto;gap:2px 12px;margin:0}
.counts dt{color:var(--muted)}
.counts dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
.counts .rej{color:var(--bad);font-weight:600}
.badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:.8rem;font-weight:600;border:1px solid currentColor}
.s-succeeded,.s-loaded{color:var(--ok)}
.s-partial,.s-missing{color:var(--warn)}
.s-failed,.s-rejected{color:var(--bad)}
.alert{border-left:4px solid var(--bad);background:var(--soft);padding:8px 10px;margin:8px 0;overflow-wrap:anywhere}
.alert.warn{border-color:var(--warn)}
.alert ul{margin:.2em 0;padding-left:1.2em}
.reasons-title{margin-top:16px}
a{color:var(--accent)}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;background:linear-gradient(to right,var(--card) 40%,transparent) left/28px 100% no-repeat local,linear-gradient(to left,var(--card) 40%,transparent) right/28px 100% no-repeat local,radial-gradient(farthest-side at 0 50%,var(--shade),transparent) left/12px 100% no-repeat scroll,radial-gradient(farthest-side at 100% 50%,var(--shade),transparent) right/12px 100% no-repeat scroll}
.table-wrap::-webkit-scrollbar{height:8px}
.table-wrap::-webkit-scrollbar-thumb{background:var(--muted);border-radius:4px}
.table-wrap::-webkit-scrollbar-track{background:var(--soft);border-radius:4px}
table{width:100%;border-collapse:collapse;font-size:.92rem}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:.85rem}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.n{white-space:nowrap}
td.name{overflow-wrap:break-word;min-width:8em}
/* A name breaks between words; only a word longer than the cap is cut, so a hostile name cannot widen the table. */
td.name .nm{display:inline-block;max-width:14em}
code.rule{display:block;font-size:.78em;color:var(--muted)}
td.name .note{color:var(--muted);white-space:nowrap}
.meter{display:block;height:6px;border-radius:3px;background:var(--soft);margin-top:4px;overflow:hidden}
.meter i{display:block;height:100%;background:var(--accent)}
.chart{display:block;width:100%;height:auto;overflow:visible}
.hbar{max-width:660px}
.combo{max-width:820px}
.chart text{font-size:10.5px;fill:var(--ink);font-family:inherit}
.chart .note,.chart .axis{fill:var(--muted)}
.chart .axis{font-size:9px}
.chart .ptitle{font-weight:600}
.chart .line-title{fill:var(--accent-2)}
.chart .val{font-weight:600}
.chart .bar{fill:var(--accent)}
.chart .zero{stroke:var(--muted);stroke-width:1.5;vector-effect:non-scaling-stroke}
.chart .gl{stroke:var(--line);stroke-width:1;vector-effect:non-scaling-stroke}
.chart .line{fill:none;stroke:var(--accent-2);stroke-width:2.5;vector-effect:non-scaling-stroke}
.chart .dot{fill:var(--accent-2)}
details{margin-top:8px}
summary{cursor:pointer;color:var(--accent)}
.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:.8rem;text-align:center;margin-top:24px}
@container (max-width:560px){.chart text{font-size:12px}.chart .axis{font-size:11px}table{font-size:.84rem}th,td{padding:5px 4px}th{font-size:.76rem}td.name{min-width:6em}}
@container (max-width:420px){.chart text{font-size:16px}.chart .axis{font-size:15px}.hbar .val{font-size:14px}table{font-size:.8rem}th,td{padding:5px 3px}th{font-size:.72rem}td.name{min-width:6em}}
@media (max-width:480px){main{padding:12px 10px 32px}section{padding:12px}h1{font-size:1.25rem}.kpi b{font-size:1.15rem}}
@media print{body{background:#fff}section,.kpi{break-inside:avoid}}
`);
