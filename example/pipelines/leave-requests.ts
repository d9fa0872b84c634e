// The seeds' leave requests: a zod contract (a missing `type` is quarantined), merged on request_id, checked against departments.
import { z } from 'zod';
import { definePipeline } from 'sluice';

/** One leave request as the HR system exports it; `type` is the seeds' LeaveType enum. */
const leaveRequest = z.object({
  request_id: z.string().regex(/^LR\d{4}$/u),
  user_id: z.number().int().positive(),
  department_id: z.number().int().positive(),
  type: z.enum(['VACATION', 'SICK', 'PATERNITY']),
  days: z.number().int().min(1).max(30),
  status: z.enum(['requested', 'approved', 'rejected']),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});

export const leaveRequests = definePipeline({
  name: 'leave_requests',
  description:
    'Leave requests from the HR export in fct_leave_requests (merge on request_id), departments in dim_departments.',
  owner: 'people-analytics',
  steps: [
    {
      kind: 'fetch',
      id: 'fetch_leave_requests',
      source: { kind: 'file', path: 'data/leave-requests.ndjson', format: 'ndjson' },
    },
    {
      kind: 'fetch',
      id: 'fetch_departments_csv',
      source: { kind: 'file', path: 'data/departments.csv', format: 'csv' },
    },
    {
      kind: 'validate',
      id: 'validate_leave_requests',
      input: 'fetch_leave_requests',
      contract: { schema: leaveRequest, unique: ['request_id'] },
    },
    {
      kind: 'load',
      id: 'load_dim_departments',
      input: 'fetch_departments_csv',
      target: {
        table: 'dim_departments',
        mode: 'replace',
        key: ['department_id'],
        columns: [
          { name: 'department_id', type: 'integer' },
          { name: 'name', type: 'text' },
        ],
      },
    },
    {
      kind: 'load',
      id: 'load_fct_leave_requests',
      input: 'validate_leave_requests',
      // The relationships check reads dim_departments: load it first.
      needs: ['load_dim_departments'],
      target: {
        table: 'fct_leave_requests',
        mode: 'merge',
        key: ['request_id'],
        columns: [
          { name: 'request_id', type: 'text' },
          { name: 'user_id', type: 'integer' },
          { name: 'department_id', type: 'integer' },
          { name: 'type', type: 'text' },
          { name: 'days', type: 'integer' },
          { name: 'status', type: 'text' },
          { name: 'created_at', type: 'timestamptz' },
          { name: 'updated_at', type: 'timestamptz' },
        ],
        // The seeds' composite index for the common filter "a user's requests in a status".
        indexes: [['user_id', 'status']],
      },
      checks: [
        { kind: 'relationships', column: 'department_id', to: 'dim_departments', field: 'department_id' },
        { kind: 'accepted_range', column: 'days', min: 1, max: 30 },
        { kind: 'not_null', column: 'type' },
      ],
    },
  ],
});
