// The example project's catalog: every pipeline its workers run and `sluice pipelines` shows, by name.
import { dailyOrders } from './daily-orders';
import { leaveRequests } from './leave-requests';
import { monthlySpend } from './monthly-spend';
import { ordersCsv } from './orders-csv';
import { ordersReviewed } from './orders-reviewed';

export default [ordersCsv, ordersReviewed, monthlySpend, dailyOrders, leaveRequests];
