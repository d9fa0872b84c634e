// The authoring API (`import { definePipeline } from 'sluice'`): defining pipelines and the types of everything they declare.
export { definePipeline, type PipelineDefinition } from './pipeline/define-pipeline';
export { DefinitionError } from './pipeline/definition-error';
export type { Catalog } from './pipeline/catalog';
export type { DurationSpec } from './pipeline/durations';
export type {
  FetchStep,
  GateStep,
  GateTimeoutAction,
  IncrementalSpec,
  LoadStep,
  OnFailure,
  RetrySpec,
  RowTransform,
  RowTransformStep,
  SqlTransformStep,
  StepCommon,
  StepDefinition,
  StepKind,
  TimeoutSpec,
  TransformContext,
  TransformStep,
  ValidateStep,
} from './pipeline/step-definitions';
export type {
  FileSource,
  HttpAuth,
  HttpPagination,
  HttpSource,
  LocalFileSource,
  PostgresSource,
  RemoteFileSource,
  SourceSpec,
} from './fetch/source-spec';
export type { ContractRef } from './validate/contract-ref';
export type {
  ContractColumn,
  ContractColumnType,
  ContractFreshness,
  ContractScalar,
  ContractSpec,
} from './validate/contract';
export type {
  AcceptedRangeCheck,
  AcceptedValuesCheck,
  CheckKind,
  CheckSeverity,
  CheckSpec,
  FreshnessCheck,
  NotNullCheck,
  RelationshipsCheck,
  RowCountAnomalyCheck,
  RowCountCheck,
  UniqueCheck,
} from './checks/check-spec';
export type { ColumnSpec, ColumnType } from './load/columns';
export type { LoadMode, LoadTarget, SchemaChanges } from './load/load-target';
export type {
  PartitionSpec,
  StaticPartitionSpec,
  TimePartitionKind,
  TimePartitionSpec,
} from './partitions/partition-spec';
export type { OverlapPolicy, PipelineSchedule } from './schedules/pipeline-schedule';
