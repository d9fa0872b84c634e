// The error partition functions raise for a key, range or time that does not fit the pipeline's partitions.

export class PartitionError extends Error {
  override name = 'PartitionError';
}
