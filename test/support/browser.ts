import { mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where browser tests leave their screenshots (CI keeps the folder). */
export const ARTIFACTS = 'test-artifacts';

/** The flags every browser test starts Chromium with: headless, and nothing that goes online by itself. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts the installed Chromium for a browser test, with the screenshots' folder made. */
export function launchTestBrowser(executablePath: string): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
