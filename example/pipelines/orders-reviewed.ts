// Orders that a person approves before they load: the same checked CSV, a review gate, then fct_orders_reviewed.
import { definePipeline, type StepDefinition } from 'sluice';
import { ordersCsv } from './orders-csv';

const [fetchStep, validateStep, loadStep] = ordersCsv.steps as [
  StepDefinition,
  StepDefinition,
  StepDefinition,
];
if (loadStep.kind !== 'load') throw new Error('orders_csv changed shape: its third step must be the load');

export const ordersReviewed = definePipeline({
  name: 'orders_reviewed',
  description: 'The sample orders, loaded into fct_orders_reviewed once a person approves them.',
  owner: 'data-platform',
  steps: [
    fetchStep,
    validateStep,
    {
      kind: 'gate',
      id: 'review_orders',
      needs: [validateStep.id],
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
