// The scaffold's example pipeline: a CSV file, validated by its contract, merged into a table.
import { EXAMPLE } from '../scaffold-context';

export const customersPipeline =
  (): string => `// Customers from data/customers.csv, checked against their contract, merged into ${EXAMPLE.table}.
import { definePipeline } from 'sluice';

export const customersCsv = definePipeline({
  name: '${EXAMPLE.pipeline}',
  description: 'Loads data/customers.csv into ${EXAMPLE.table}, one row per customer (merge on customer_id).',
  owner: 'data-team',
  steps: [
    {
      kind: 'fetch',
      id: 'fetch_customers_csv',
      // Paths are relative to the project folder (where sluice.config.ts is).
      source: { kind: 'file', path: 'data/customers.csv', format: 'csv' },
      checks: [{ kind: 'row_count', min: 1 }],
    },
    {
      kind: 'validate',
      id: 'validate_customers',
      input: 'fetch_customers_csv',
      // Rows that break the contract go to sluice.quarantine; above 5 % of them the run fails.
      contract: { file: 'contracts/customers.yml' },
    },
    {
      kind: 'load',
      id: 'load_customers_dim',
      input: 'validate_customers',
      target: {
        table: '${EXAMPLE.table}',
        // A second run updates the rows it finds by key instead of adding them again.
        mode: 'merge',
        key: ['customer_id'],
        columns: [
          { name: 'customer_id', type: 'bigint' },
          { name: 'name', type: 'text' },
          { name: 'email', type: 'text' },
          { name: 'country', type: 'text' },
          { name: 'signed_up_on', type: 'date' },
        ],
      },
      checks: [{ kind: 'unique', columns: ['customer_id'] }],
    },
  ],
});
`;
