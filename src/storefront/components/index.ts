/**
 * The loyalty program's storefront elements, one script a shop adds to its pages
 * (docs/storefront-integration.md, "Storefront components").
 */
import { Account } from './account.ts';
import { IntroLink, JoinChoice } from './join-choice.ts';
import { CartPoints, ProductPoints } from './points.ts';

const elements: Record<string, CustomElementConstructor> = {
  'loyalty-product-points': ProductPoints,
  'loyalty-cart-points': CartPoints,
  'loyalty-join-choice': JoinChoice,
  'loyalty-account': Account,
  'loyalty-intro-link': IntroLink,
};
for (const [name, element] of Object.entries(elements)) {
  if (!customElements.get(name)) customElements.define(name, element);
}
