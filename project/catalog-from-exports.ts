// Finds the catalog in what a pipelines module exports and checks it: definitions, unique names, every problem.
import type { Catalog } from '../core/pipeline/catalog';
import { definePipeline, type PipelineDefinition } from '../core/pipeline/define-pipeline';
import { shownValue } from '../core/pipeline/shown-value';

export const PIPELINES_EXPORT_HINT =
  'export default [ordersCsv, …] (definePipeline results, or a Map of them by name), ' +
  'or a named `pipelines` array or `catalog` Map';

type Entry = { label: string; key?: string; value: unknown };

/** The definitions a module exports: `default`, else `pipelines`, else `catalog`; the module itself if it is a list. */
function exportedEntries(exports: unknown): { from: string; entries: Entry[] } | string {
  const module = (exports ?? {}) as Record<string, unknown>;
  const candidates: [string, unknown][] = [
    ['the default export', Array.isArray(exports) || exports instanceof Map ? exports : module.default],
    ['`pipelines`', module.pipelines],
    ['`catalog`', module.catalog],
  ];
  const found = candidates.find(([, value]) => value !== undefined);
  if (!found) {
    const names = Object.keys(module)
      .filter((name) => name !== '__esModule')
      .sort();
    return `exports no pipelines (${names.length ? `it exports ${names.join(', ')}` : 'it exports nothing'}); ${PIPELINES_EXPORT_HINT}`;
  }
  const [from, value] = found;
  if (Array.isArray(value))
    return { from, entries: value.map((v: unknown, i) => ({ label: `${from}[${i}]`, value: v })) };
  if (value instanceof Map)
    return {
      from,
      entries: [...(value as Map<unknown, unknown>)].map(([key, v]) => ({
        label: `${from} entry ${typeof key === 'string' ? `"${key}"` : shownValue(key)}`,
        key: typeof key === 'string' ? key : shownValue(key), // never a name: the entry is refused for its key
        value: v,
      })),
    };
  return `${from} must be an array or a Map of pipelines, got ${typeof value}; ${PIPELINES_EXPORT_HINT}`;
}

const looksLikeDefinition = (value: unknown): value is PipelineDefinition =>
  typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';

/**
 * The catalog, or every problem with it. Each definition is checked again with definePipeline, so that one
 * written without it (a plain object) is held to the same rules; errors are matched by name, not instanceof.
 */
export function catalogFromExports(exports: unknown): { catalog: Catalog; problems: string[] } {
  const catalog = new Map<string, PipelineDefinition>();
  const found = exportedEntries(exports);
  if (typeof found === 'string') return { catalog, problems: [found] };
  const problems: string[] = [];
  if (found.entries.length === 0) problems.push(`${found.from} lists no pipelines; ${PIPELINES_EXPORT_HINT}`);
  for (const { label, key, value } of found.entries) {
    if (!looksLikeDefinition(value)) {
      problems.push(
        `${label} is not a pipeline definition (got ${value === null ? 'null' : typeof value}); export each definePipeline result and list it here`,
      );
      continue;
    }
    if (key !== undefined && key !== value.name)
      problems.push(`${label} holds pipeline "${value.name}"; key a catalog by each pipeline's name`);
    if (catalog.has(value.name)) {
      problems.push(
        `pipeline name "${value.name}" is used twice (${label} and an earlier entry); names must be unique`,
      );
      continue;
    }
    try {
      catalog.set(value.name, definePipeline(value));
    } catch (err) {
      const { name, problems: listed } = err as { name?: string; problems?: string[] };
      if (name !== 'DefinitionError' || !Array.isArray(listed)) throw err;
      problems.push(...listed.map((p) => `pipeline "${value.name}": ${p}`));
    }
  }
  return { catalog, problems };
}
