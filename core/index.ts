// The authoring API: what a project's pipelines and sluice.config.ts import (as `sluice`).
export { definePipeline, type PipelineDefinition } from './pipeline/define-pipeline';
export { DefinitionError } from './pipeline/definition-error';
export type { Catalog } from './pipeline/catalog';
export type { DurationSpec } from './pipeline/durations';
export type * from './pipeline/step-definitions';
export type * from './fetch/source-spec';
export type { ContractRef } from './validate/contract-ref';
export type * from './validate/contract';
export type * from './checks/check-spec';
export type { ColumnSpec, ColumnType } from './load/columns';
export type { LoadMode, LoadTarget, SchemaChanges } from './load/load-target';
export type { PartitionSpec, StaticPartitionSpec, TimePartitionSpec } from './partitions/partition-spec';
export type { OverlapPolicy, PipelineSchedule } from './schedules/pipeline-schedule';
export { defineConfig, type SluiceConfig } from './config/define-config';
export { SluiceConfigError } from './config/sluice-config-error';
