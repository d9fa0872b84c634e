// The catalog: every pipeline the worker can run and the CLI can show, by name.
import type { PipelineDefinition } from '../core/define-pipeline';
import { ordersCsv } from './orders-csv';

const pipelines: readonly PipelineDefinition[] = [ordersCsv];

export const catalog: ReadonlyMap<string, PipelineDefinition> = new Map(pipelines.map((p) => [p.name, p]));
