// The seeds' monthly spend: expenses checked against their contract, joined to departments, summed per month.
import { definePipeline } from 'sluice';

export const monthlySpend = definePipeline({
  name: 'monthly_spend',
  description:
    'Spend per department and month (agg_monthly_spend), rebuilt from the sample expenses each run.',
  owner: 'finance-data',
  steps: [
    {
      kind: 'fetch',
      id: 'fetch_expenses_csv',
      source: { kind: 'file', path: 'data/expenses.csv', format: 'csv' },
    },
    {
      kind: 'fetch',
      id: 'fetch_departments_csv',
      source: { kind: 'file', path: 'data/departments.csv', format: 'csv' },
      checks: [{ kind: 'unique', columns: ['department_id'] }],
    },
    {
      kind: 'validate',
      id: 'validate_expenses',
      input: 'fetch_expenses_csv',
      contract: { file: 'contracts/expenses.yml' },
    },
    {
      kind: 'transform',
      id: 'transform_monthly_spend',
      inputs: ['validate_expenses', 'fetch_departments_csv'],
      sql: `SELECT d.name AS department,
                   to_char(date_trunc('month', e.spent_at::date), 'YYYY-MM-DD') AS month,
                   sum(e.amount::numeric) AS total,
                   count(*) AS expenses
            FROM {{validate_expenses}} e
            JOIN {{fetch_departments_csv}} d USING (department_id)
            GROUP BY 1, 2`,
    },
    {
      kind: 'load',
      id: 'load_agg_monthly_spend',
      input: 'transform_monthly_spend',
      target: {
        table: 'agg_monthly_spend',
        mode: 'replace',
        key: ['department', 'month'],
        columns: [
          { name: 'department', type: 'text' },
          { name: 'month', type: 'date' },
          { name: 'total', type: 'numeric' },
          { name: 'expenses', type: 'integer' },
        ],
      },
      checks: [
        { kind: 'unique', columns: ['department', 'month'] },
        { kind: 'accepted_range', column: 'total', min: 0 },
      ],
    },
  ],
});
