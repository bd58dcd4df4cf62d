import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { getShopMailSettings, setShopMailSettings } from '../../app/mail/mail-settings.ts';
import { MAX_MAIL_ADDRESS_LENGTH, MAX_URL_LENGTH } from '../../domain/limits.ts';
import { routeSpec } from './route-spec.ts';
import { type Api, shopOf } from './types.ts';

const webAddress = z
  .url({ protocol: /^https?$/ })
  .max(MAX_URL_LENGTH)
  .nullable();
const mailAddress = z.email().max(MAX_MAIL_ADDRESS_LENGTH).nullable();

const fields = {
  fromAddress: mailAddress.describe(
    'Sender address of the monthly e-mail (the shop’s name is the display name); null: the service’s own',
  ),
  replyTo: mailAddress.describe('Where replies go; null: to the sender'),
  myAccountUrl: webAddress.describe(
    'The shop’s My Account page, linked from the monthly e-mail; null: the e-mail has no such link',
  ),
  introPageUrl: webAddress.describe(
    'The program’s intro page, linked from the monthly e-mail; null: the page this service shows at /shops/{shopId}/loyalty',
  ),
};

const mailSettingsSchema = z
  .object({ object: z.literal('mail_settings'), ...fields })
  .meta({ id: 'MailSettings' });

/** Where the shop's monthly e-mails come from and link to. */
export function mailSettingsRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/mail-settings',
    routeSpec('GET', {
      operationId: 'getMailSettings',
      tag: 'Program',
      summary: 'E-mail settings',
      description: 'The sender and the links of the monthly e-mail.',
      responses: { 200: mailSettingsSchema },
      example: {},
    }),
    async (request) => ({
      object: 'mail_settings' as const,
      ...(await getShopMailSettings(ctx, shopOf(request))),
    }),
  );

  api.put(
    '/mail-settings',
    routeSpec('PUT', {
      operationId: 'putMailSettings',
      tag: 'Program',
      summary: 'Set the e-mail settings',
      description:
        'Replaces the sender and the links of the monthly e-mail; a field left out or null goes back to its default. Links must be http or https addresses.',
      body: z.object({
        fromAddress: fields.fromAddress.optional(),
        replyTo: fields.replyTo.optional(),
        myAccountUrl: fields.myAccountUrl.optional(),
        introPageUrl: fields.introPageUrl.optional(),
      }),
      responses: { 200: mailSettingsSchema },
      example: {
        body: {
          fromAddress: 'loyalty@shop.example',
          replyTo: 'service@shop.example',
          myAccountUrl: 'https://shop.example/my-account',
          introPageUrl: null,
        },
      },
    }),
    async (request) => {
      const shopId = shopOf(request);
      await setShopMailSettings(ctx, shopId, request.body);
      return { object: 'mail_settings' as const, ...(await getShopMailSettings(ctx, shopId)) };
    },
  );
}
