// The scaffold's README: what is where, and the three commands to start with.
import { EXAMPLE, type ScaffoldContext } from '../scaffold-context';

export const readme = (context: ScaffoldContext): string => `# ${context.name}

Data pipelines on Sluice: durable runs on Temporal, loaded into PostgreSQL exactly once.

\`\`\`sh
npm install
npx sluice dev --once   # the embedded Temporal + PostgreSQL, a worker, one run of ${EXAMPLE.pipeline}
npm test                # tests/*.test.ts with sluice/testing, on a throwaway stack
\`\`\`

- \`sluice.config.ts\`: where the pipelines are, and what \`sluice dev\` runs
- \`pipelines/\`: one file per pipeline; \`pipelines/index.ts\` lists them
- \`contracts/\`: the data contracts rows are validated against
- \`data/\`: the example's CSV file
- \`tests/\`: tests that run pipelines and check what they loaded
`;
