// A run's history as Temporal stores it, read without any codec: for tests that look for clear text.
import { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { TestStack } from './test-stack';

export interface RawHistory {
  /** Every string and byte field of every event, bytes read as UTF-8: what a database reader would see. */
  text: string;
  /** The workflow's start input, still encoded. */
  input: Payload[];
}

export async function rawHistory(stack: TestStack, workflowId: string): Promise<RawHistory> {
  const plain = new Client({ connection: stack.temporal.client.connection, namespace: 'default' });
  const history = await plain.workflow.getHandle(workflowId).fetchHistory();
  const text = allText(history).join('\n');
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  return { text, input: (started?.input?.payloads ?? []) as Payload[] };
}

/** Walks the message itself: its toJSON would turn bytes into base64 and hide clear text from a search. */
function allText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value instanceof Uint8Array) return [Buffer.from(value).toString('utf8')];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, field]) => [key, ...allText(field)]);
}
