// The catalog: every pipeline the worker can run and the CLI can show, by name.
import type { PipelineDefinition } from '../core/pipeline/define-pipeline';
import { dailyOrders } from './daily-orders';
import { leaveRequests } from './leave-requests';
import { monthlySpend } from './monthly-spend';
import { ordersCsv } from './orders-csv';
import { ordersReviewed } from './orders-reviewed';

const pipelines: readonly PipelineDefinition[] = [
  ordersCsv,
  ordersReviewed,
  monthlySpend,
  dailyOrders,
  leaveRequests,
];

export const catalog: ReadonlyMap<string, PipelineDefinition> = new Map(pipelines.map((p) => [p.name, p]));
