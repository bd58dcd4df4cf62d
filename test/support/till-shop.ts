import type { AppContext } from '../../src/app/context.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { insertCode, newCustomer, publishedShop } from './fixtures.ts';

/**
 * The shop the till is tried in: shop-a published, its customer c1 Maija Meikäläinen a member
 * with a 5.00 € code KOOD-IABC-DEFG to offer. The contact details are the test's, as the till
 * finds a member by them. Returns c1's member number.
 */
export async function tillShop(ctx: AppContext, contact: { email: string; phone: string }): Promise<number> {
  await publishedShop(ctx, 'shop-a');
  await newCustomer(ctx, 'shop-a', 'c1', { ...contact, name: 'Maija Meikäläinen' });
  const { memberNumber } = await joinProgram(ctx, {
    shopId: 'shop-a',
    customerId: 'c1',
    source: 'registration',
  });
  await insertCode(ctx, { shopId: 'shop-a', code: 'KOOD-IABC-DEFG', customerId: 'c1', valueCents: 500 });
  return memberNumber;
}
