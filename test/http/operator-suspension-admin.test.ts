import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { html } from '../../src/admin/html.ts';
import { messages } from '../../src/admin/i18n/index.ts';
import { page } from '../../src/admin/views/layout.ts';
import { resolveSession, signIn } from '../../src/app/admin-users/sessions.ts';
import { createAdminUser } from '../../src/app/admin-users/users.ts';
import { provisionShop, resumeShop, suspendShop } from '../../src/app/shops/provision-shop.ts';
import { testApp } from '../support/database.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

/** A suspended shop's admin says so and why, on every page, and stops saying it once resumed. */
describe('a suspended shop in its admin', () => {
  const app = suiteFixture(() => testApp());

  test('the session carries the suspension and the layout shows its reason', async () => {
    await provisionShop(app.ctx, { id: 'paused', name: 'Paused shop', language: 'en' });
    await createAdminUser(app.ctx, {
      shopId: 'paused',
      email: 'me@example.com',
      password: 'a long password 1',
    });
    const signedIn = await signIn(app.ctx, {
      shopId: 'paused',
      email: 'me@example.com',
      password: 'a long password 1',
    });
    assert.ok(signedIn);
    assert.equal(signedIn.session.shopSuspended, null);

    await suspendShop(app.ctx, 'paused', 'Invoice <2026-11> unpaid');
    const session = await resolveSession(app.ctx, 'paused', signedIn.token);
    assert.deepEqual(session?.shopSuspended, { reason: 'Invoice <2026-11> unpaid' });
    for (const lang of ['en', 'fi'] as const) {
      const rendered = page(
        { t: messages(lang), lang, session },
        { title: 'Program', body: html`<p>x</p>` },
      ).value;
      assert.match(
        rendered,
        /role="alert">[^<]*(suspended|keskeyttänyt)[^<]*\(Invoice &lt;2026-11&gt; unpaid\)<\/p>/,
      );
    }

    await resumeShop(app.ctx, 'paused');
    const resumed = await resolveSession(app.ctx, 'paused', signedIn.token);
    assert.equal(resumed?.shopSuspended, null);
    const rendered = page(
      { t: messages('en'), lang: 'en', session: resumed },
      { title: 'P', body: html`` },
    ).value;
    assert.doesNotMatch(rendered, /suspended this shop/);
  });
});
