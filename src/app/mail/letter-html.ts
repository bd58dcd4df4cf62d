import { escapeHtml } from '../html/escape-html.ts';

/**
 * A letter's HTML around its `content`: a column that narrows with the screen (max-width only, as
 * many mail clients drop media queries) under the program's name, from greeting to regards.
 * `bodyStyle` adds to the body's style.
 */
export function letterHtml(
  shop: { language: string; programName: string; shopName: string },
  words: { greeting: string; regards: string },
  content: string,
  bodyStyle = '',
): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="${shop.language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(shop.programName)}</title></head>
<body style="margin:0;padding:12px;background:#f6f6f6;font-family:Arial,Helvetica,sans-serif;color:#222${bodyStyle}">
<div style="max-width:560px;margin:0 auto;background:#fff;padding:20px;border-radius:8px;overflow-wrap:break-word">
<h1 style="font-size:20px;margin:0 0 16px">${e(shop.programName)}</h1>
<p>${e(words.greeting)}</p>
${content}
<p>${e(words.regards)}<br>${e(shop.shopName)}</p>
</div>
</body>
</html>
`;
}
