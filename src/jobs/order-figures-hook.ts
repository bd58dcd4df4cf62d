import { foldOrderFigures } from '../app/reports/order-figures.ts';
import type { StartHook } from '../service.ts';
import { runPeriodically } from './periodic-task.ts';

/**
 * Folds every shop's new order figure changes into the totals once a minute, so that the changes
 * stay few even in shops whose dashboard nobody opens (a dashboard also folds its shop's).
 */
export const orderFiguresHook: StartHook = ({ ctx, log }) =>
  runPeriodically('Folding order figures', 60 * 1000, () => foldOrderFigures(ctx.db), log);
