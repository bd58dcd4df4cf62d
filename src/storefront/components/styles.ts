/**
 * The elements' look, overridable from the page with custom properties (`--loyalty-accent`, …)
 * and `::part()`. Colours default to ones with at least 4.5:1 contrast on white.
 */
export const CSS = `
:host{display:block;color:var(--loyalty-text,inherit);font-family:var(--loyalty-font,inherit);--a:var(--loyalty-accent,#0b57a4)}
:host([hidden]){display:none}
a{color:var(--loyalty-link,var(--a))}
p{margin:.25em 0}
h2,h3{margin:.5em 0 .25em;font-size:1.1em}
button{font:inherit;cursor:pointer;border-radius:var(--loyalty-radius,6px);border:1px solid var(--a);background:var(--a);color:var(--loyalty-accent-text,#fff);padding:.3em .8em}
button.s{background:transparent;color:var(--a)}
button:disabled{opacity:.6;cursor:default}
:focus-visible{outline:2px solid var(--loyalty-focus,var(--a));outline-offset:2px}
.pts{font-weight:700;color:var(--loyalty-points,inherit)}
.box{background:var(--loyalty-background,transparent);border:1px solid var(--loyalty-border,#8a8a8a);border-radius:var(--loyalty-radius,6px);padding:1em}
.muted{color:var(--loyalty-muted,#555)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.25em .5em;border-bottom:1px solid var(--loyalty-border,#8a8a8a)}
.n{text-align:right;font-variant-numeric:tabular-nums}
ul{list-style:none;padding:0;margin:0}
li{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;padding:.25em 0}
code{font-size:1.1em;font-weight:700}
svg{display:block;width:var(--loyalty-qr-size,10em);height:auto;background:#fff}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

let sheet: CSSStyleSheet | undefined;

/** One style sheet shared by every element's shadow root. */
export function styleSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}
