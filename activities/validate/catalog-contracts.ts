// Checks every contract a catalog names, so a worker can refuse to start on a broken one before any run.
import type { Catalog } from '../../core/pipeline/catalog';
import { ContractError } from './contract-error';
import { resolveContract } from './resolve-contract';

/** One problem per unusable contract, naming its pipeline and step; empty when all are fine. */
export async function catalogContractProblems(catalog: Catalog, baseDir: string): Promise<string[]> {
  const problems: string[] = [];
  for (const pipeline of catalog.values()) {
    for (const step of pipeline.steps) {
      if (step.kind !== 'validate') continue;
      try {
        await resolveContract(step.contract, baseDir);
      } catch (err) {
        if (!(err instanceof ContractError)) throw err;
        problems.push(`pipeline "${pipeline.name}" step "${step.id}": ${err.message}`);
      }
    }
  }
  return problems;
}
