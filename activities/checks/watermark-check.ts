// The warning check a step records when cursor values were left out of the watermark it proposes.
import type { WatermarkProposal } from '../../core/fetch/watermark-proposal';
import type { CheckResult } from './check-result';

/** Shown values are cut here: a cursor value comes from the source and may be anything. */
const SHOWN_CHARS = 80;

const shown = (value: string) =>
  JSON.stringify(value.length > SHOWN_CHARS ? `${value.slice(0, SHOWN_CHARS)}…` : value);

/** A warn result naming what the proposal left out, or undefined when it left nothing out. */
export function watermarkCheck(cursorField: string, proposal: WatermarkProposal): CheckResult | undefined {
  const { unparseable, unparseableExample, beyondHorizon, latestBeyond, horizon } = proposal.omissions;
  if (unparseable === 0 && beyondHorizon === 0) return undefined;
  const parts: string[] = [];
  if (beyondHorizon > 0) {
    parts.push(
      `${beyondHorizon} value${beyondHorizon === 1 ? ' is' : 's are'} later than the horizon ${horizon} ` +
        `(now plus incremental.maxFuture), the latest ${shown(latestBeyond ?? '')}`,
    );
  }
  if (unparseable > 0) {
    parts.push(
      `${unparseable} value${unparseable === 1 ? ' is' : 's are'} not ${proposal.type === 'timestamp' ? 'a timestamp' : `a ${proposal.type}`}, ` +
        `e.g. ${shown(unparseableExample ?? '')}`,
    );
  }
  const proposed =
    proposal.highest === undefined ? 'no new watermark' : `watermark ${shown(proposal.highest)}`;
  return {
    name: `watermark(${cursorField})`,
    kind: 'watermark',
    severity: 'warn',
    status: 'warn',
    observed: {
      unparseable,
      beyondHorizon,
      ...(unparseableExample !== undefined ? { unparseableExample } : {}),
      ...(latestBeyond !== undefined ? { latestBeyond } : {}),
      ...(horizon !== undefined ? { horizon } : {}),
      proposed: proposal.highest ?? null,
    },
    message:
      `cursor ${cursorField}: ${parts.join('; ')}; they were left out of the watermark (proposed: ${proposed}). ` +
      'Their rows still go on, and come again with every run until the source is fixed',
  };
}
