import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');
export const CHART_JS_DIR = dirname(createRequire(import.meta.url).resolve('chart.js'));

/** The barcode reader's browser build (@zxing/browser, one file with @zxing/library in it) for the till's camera. */
export const ZXING_FILE = 'zxing-browser.min.js';
export const ZXING_DIR = zxingDir();

function zxingDir(): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@zxing/browser')), '..', 'umd');
  } catch {
    // Not installed: the till works by typing and a keyboard-wedge scanner, without a camera.
    return null;
  }
}

/** An asset's address with a digest of its content, so a browser never keeps an old copy after an update. */
function versioned(dir: string, file: string): string {
  const digest = createHash('sha256')
    .update(readFileSync(join(dir, file)))
    .digest('hex')
    .slice(0, 10);
  return `/admin/assets/${file}?v=${digest}`;
}

export const ASSET_URLS = {
  css: versioned(ASSETS_DIR, 'admin.css'),
  script: versioned(ASSETS_DIR, 'admin.js'),
  chart: versioned(CHART_JS_DIR, 'chart.umd.min.js'),
  pos: versioned(ASSETS_DIR, 'pos.js'),
  liability: versioned(ASSETS_DIR, 'liability.js'),
};

/** The till loads the reader only when the camera is asked for; null without the package. */
export const ZXING_URL = ZXING_DIR ? versioned(ZXING_DIR, ZXING_FILE) : null;
