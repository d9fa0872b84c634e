// Every file `sluice init` writes, by its path in the new project.
import type { ScaffoldContext } from './scaffold-context';
import { customersContract } from './templates/customers-contract';
import { customersData } from './templates/customers-data';
import { customersPipeline } from './templates/customers-pipeline';
import { gitignore } from './templates/gitignore';
import { packageJson } from './templates/package-json';
import { pipelineTest } from './templates/pipeline-test';
import { pipelinesIndex } from './templates/pipelines-index';
import { readme } from './templates/readme';
import { sluiceConfig } from './templates/sluice-config';
import { tsconfigJson } from './templates/tsconfig-json';

export interface ScaffoldFile {
  /** Relative to the project folder, with `/` separators. */
  path: string;
  content: string;
}

export function scaffoldFiles(context: ScaffoldContext): ScaffoldFile[] {
  return [
    { path: 'package.json', content: packageJson(context) },
    { path: 'sluice.config.ts', content: sluiceConfig() },
    { path: 'pipelines/index.ts', content: pipelinesIndex() },
    { path: 'pipelines/customers-csv.ts', content: customersPipeline() },
    { path: 'contracts/customers.yml', content: customersContract() },
    { path: 'data/customers.csv', content: customersData() },
    { path: 'tests/pipeline.test.ts', content: pipelineTest() },
    { path: 'tsconfig.json', content: tsconfigJson() },
    { path: '.gitignore', content: gitignore() },
    { path: 'README.md', content: readme(context) },
  ];
}
