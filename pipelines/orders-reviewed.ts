// Orders that a person approves before they load: the same CSV, a review gate, then fct_orders_reviewed.
import { definePipeline } from '../core/define-pipeline';
import { ordersCsv } from './orders-csv';

const fetchStep = ordersCsv.steps[0];
const loadStep = ordersCsv.steps[1];
if (fetchStep?.kind !== 'fetch' || loadStep?.kind !== 'load') throw new Error('orders_csv changed shape');

export const ordersReviewed = definePipeline({
  name: 'orders_reviewed',
  description: 'The sample orders, loaded into fct_orders_reviewed once a person approves them.',
  owner: 'data-platform',
  steps: [
    fetchStep,
    {
      kind: 'gate',
      id: 'review_orders',
      needs: [fetchStep.id],
      timeout: '24h',
      summary: 'A person checks the orders',
    },
    {
      ...loadStep,
      id: 'load_orders_reviewed',
      needs: ['review_orders'],
      target: { ...loadStep.target, table: 'fct_orders_reviewed' },
    },
  ],
});
