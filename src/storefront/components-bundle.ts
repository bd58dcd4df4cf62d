import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The storefront elements' sources (src/storefront/components), from src/ and from dist/ alike. */
export const COMPONENTS_ENTRY = new URL('../../src/storefront/components/index.ts', import.meta.url);

/**
 * The storefront elements as one minified classic script (an IIFE: a plain `<script src>` needs
 * no CORS, unlike a module), by esbuild. esbuild is imported only here, when the script is built:
 * npm run build writes it to dist/storefront/loyalty.js, the service run from its sources builds
 * it on first request.
 */
export async function bundleComponents(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [decodeURIComponent(COMPONENTS_ENTRY.pathname)],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022'],
    legalComments: 'none',
    charset: 'utf8',
    write: false,
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild wrote no storefront script');
  return `/* Loyalty program storefront elements. Includes qrcode-generator (MIT, Kazuhiko Arase). */\n${file.text}`;
}

export interface Compressed {
  raw: Buffer;
  gzip: Buffer;
  brotli: Buffer;
}

/** The script as sent without compression and with gzip or brotli, each at its smallest. */
export function compressScript(script: string): Compressed {
  const raw = Buffer.from(script, 'utf8');
  return {
    raw,
    gzip: gzipSync(raw, { level: 9 }),
    brotli: brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }),
  };
}
