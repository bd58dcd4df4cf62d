import type { FastifyInstance, FastifyReply } from 'fastify';
import { html } from '../admin/html.ts';
import { pageBlocksHtml } from '../admin/views/page-preview.ts';
import type { AppContext } from '../app/context.ts';
import { type ProgramPage, programPage } from '../app/pages/program-page.ts';
import type { PageKind } from '../domain/pages/default-texts.ts';

/** Public pages run no script and load nothing from elsewhere. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *";

const LINKS = {
  fi: { intro: 'Kanta-asiakasohjelma', terms: 'Ehdot', missing: 'Sivua ei löytynyt' },
  en: { intro: 'Loyalty program', terms: 'Terms', missing: 'Page not found' },
} as const;

/**
 * The program's intro and terms pages for shoppers, at /shops/<shop id>/loyalty and
 * /shops/<shop id>/loyalty/terms: where the monthly e-mail links, and what a shop can link to or
 * frame from its own pages. No sign-in; a shop without a running program answers 404.
 */
export function programPageRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = (path: string, kind: PageKind) =>
    app.get<{ Params: { shopId: string } }>(path, { schema: { hide: true } }, async (request, reply) => {
      const found = await programPage(ctx, request.params.shopId, kind);
      return sendPage(reply, request.params.shopId, kind, found);
    });
  route('/shops/:shopId/loyalty', 'intro');
  route('/shops/:shopId/loyalty/terms', 'terms');
}

function sendPage(reply: FastifyReply, shopId: string, kind: PageKind, found: ProgramPage | undefined) {
  reply.header('content-security-policy', CSP).type('text/html; charset=utf-8');
  if (!found) {
    return reply.status(404).send(
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${LINKS.en.missing}</title></head>
<body><p>${LINKS.fi.missing} · ${LINKS.en.missing}</p></body></html>`.value,
    );
  }
  const t = LINKS[found.language];
  const base = `/shops/${encodeURIComponent(shopId)}/loyalty`;
  const nav =
    kind === 'intro' ? html`<a href="${base}/terms">${t.terms}</a>` : html`<a href="${base}">${t.intro}</a>`;
  return reply.send(
    html`<!doctype html>
<html lang="${found.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${found.programName} · ${found.shopName}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933;background:#f5f7f8;line-height:1.55}
main{max-width:680px;margin:0 auto;padding:32px 20px}
header{color:#52606d;font-size:.95rem;margin-bottom:8px}
article{background:#fff;border-radius:10px;padding:24px 28px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h3{margin:1.2em 0 .4em}
h3:first-child{margin-top:0;font-size:1.5rem}
nav{margin-top:16px}
a{color:#0b6e69}
</style>
</head>
<body>
<main>
<header>${found.shopName}</header>
<article>${pageBlocksHtml(found.page.blocks)}</article>
<nav>${nav}</nav>
</main>
</body>
</html>`.value,
  );
}
