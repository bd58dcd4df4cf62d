/**
 * The resources the paths of several route files name. A resource only one file's routes are on
 * is declared in that file. A PUT that creates the resource takes only its `params`: it has no 404.
 */
import { z } from 'zod';
import type { PathResource } from './route-spec.ts';
import { storeId } from './schemas.ts';

/** `/customers/:customerId…` and `/members/:customerId…`: a customer by the store's id. */
export const oneCustomer = {
  params: z.object({ customerId: storeId }),
  notFound: 'customer_not_found',
  example: { customerId: 'c-1' },
} satisfies PathResource<unknown>;

/** `/store-versions/:storeVersionId…` and `/program/store-versions/:storeVersionId`: a storefront. */
export const oneStoreVersion = {
  params: z.object({ storeVersionId: storeId }),
  notFound: 'store_version_not_found',
  example: { storeVersionId: 'fi' },
} satisfies PathResource<unknown>;

/** `/orders/:orderId…`: an order by the store's id. */
export const oneOrder = {
  params: z.object({ orderId: storeId }),
  notFound: 'order_not_found',
  example: { orderId: 'o-1001' },
} satisfies PathResource<unknown>;
