import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** The getting-started checklist's steps shown as done, in order. */
export function tickedSteps(page: Page): Promise<(string | null)[]> {
  return page
    .locator('#checklist li.step.done')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-step')));
}

/** In a Finnish admin, follows the checklist's link to add the web shop `fi` (Verkkokauppa) and sees it listed. */
export async function addWebShopFromChecklist(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Lisää kauppaversiot' }).click();
  await page.getByLabel('Tunnus').fill('fi');
  await page.getByLabel('Nimi', { exact: true }).fill('Verkkokauppa');
  await page.getByRole('button', { name: 'Lisää kauppaversio' }).click();
  await page.getByText('Kauppaversio Verkkokauppa lisätty.').waitFor();
  assert.equal(await page.locator('tr[data-version="fi"]').count(), 1);
}

/**
 * On a Finnish admin's API keys page, creates an API key named `name` through its own form (the
 * page also has one for the web shop's secrets) and returns the key as it is shown once.
 */
export async function createApiKeyOnPage(page: Page, name: string): Promise<string> {
  const form = page.getByRole('region', { name: 'Luo API-avain' });
  await form.getByLabel('Nimi', { exact: true }).fill(name);
  await form.getByRole('button', { name: 'Luo avain' }).click();
  return page.getByLabel('API-avain', { exact: true }).inputValue();
}
