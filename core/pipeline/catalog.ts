// The catalog: every pipeline a worker can run and the CLI can show, by name.
import type { PipelineDefinition } from './define-pipeline';

export type Catalog = ReadonlyMap<string, PipelineDefinition>;
