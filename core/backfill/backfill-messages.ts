// The query a backfill answers; it obeys the same pause and resume signals as a run (core/messages).
import { defineQuery } from '@temporalio/workflow';
import type { BackfillStatus } from './backfill-types';

export const backfillStatusQuery = defineQuery<BackfillStatus>('backfillStatus');
