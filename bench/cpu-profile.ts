// Summarizes a V8 CPU profile (node --cpu-prof): where a thread's busy time went, by function and by module.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The parts of the .cpuprofile format read here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, a project file, Node's internals, or V8 itself. */
function whereOf(frame: CallFrame, root: string): { module: string; file: string } {
  const { url, functionName } = frame;
  if (!url) {
    const v8 = functionName.startsWith('(') ? functionName : '(V8 builtins)';
    return { module: v8, file: '' };
  }
  if (url.startsWith('node:')) return { module: 'node internals', file: url };
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const inPackage = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file);
  if (inPackage) return { module: inPackage[1] as string, file: `${inPackage[1]}/${inPackage[2]}` };
  const relative = path.relative(root, file);
  return { module: relative, file: relative };
}

/** Code outside Node and V8: a package or a project file. */
const isUserland = (module: string) => module !== 'node internals' && !module.startsWith('(');

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1).padStart(5)}%`;
const secs = (us: number) => `${(us / 1e6).toFixed(1).padStart(6)} s`;

function topOf(totals: Map<string, number>, n: number): [string, number][] {
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** Lines for a report: idle share, then the top functions and modules by self time, as shares of busy time. */
export function summarizeCpuProfile(profile: CpuProfile, root: string, top = 15): string[] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; the time after it (the next delta) is what it stands for.
  profile.samples.forEach((id, i) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)),
  );
  const frameName = (frame: CallFrame) => {
    const where = whereOf(frame, root);
    // Project files run through tsx, whose line numbers do not match the source: name the file only.
    const line = where.file.endsWith('.ts') ? '' : `:${frame.lineNumber + 1}`;
    return `${frame.functionName || '(anonymous)'}${where.file ? `  ${where.file}${line}` : ''}`;
  };
  /** The nearest package or project frame above a node, which says who called into Node or V8. */
  const callerOf = (id: number): string | undefined => {
    for (let at = parents.get(id); at !== undefined; at = parents.get(at)) {
      const frame = (nodes.get(at) as ProfileNode).callFrame;
      if (isUserland(whereOf(frame, root).module)) return frameName(frame);
    }
    return undefined;
  };
  const byFunction = new Map<string, number>();
  const callers = new Map<string, Map<string, number>>();
  const byModule = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = (nodes.get(id) as ProfileNode).callFrame;
    total += us;
    if (frame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const where = whereOf(frame, root);
    const name = frameName(frame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byModule.set(where.module, (byModule.get(where.module) ?? 0) + us);
    const caller = isUserland(where.module) ? undefined : callerOf(id);
    if (caller) {
      const mine = callers.get(name) ?? new Map<string, number>();
      mine.set(caller, (mine.get(caller) ?? 0) + us);
      callers.set(name, mine);
    }
  }
  const busy = total - idle;
  const calledFrom = (name: string, us: number) => {
    const [caller, callerUs] = topOf(callers.get(name) ?? new Map(), 1)[0] ?? [];
    return caller
      ? `\n${' '.repeat(18)}mostly from ${caller} (${percent(callerUs as number, us).trim()})`
      : '';
  };
  return [
    `main thread: ${secs(total).trim()} profiled, ${secs(busy).trim()} busy (${percent(busy, total).trim()}), ` +
      `${secs(idle).trim()} idle (waiting on PostgreSQL, HTTP or Temporal)`,
    `top ${top} functions by self time (share of busy time):`,
    ...topOf(byFunction, top).map(
      ([name, us]) => `  ${percent(us, busy)} ${secs(us)}  ${name}${calledFrom(name, us)}`,
    ),
    `top ${top} modules by self time (share of busy time):`,
    ...topOf(byModule, top).map(([name, us]) => `  ${percent(us, busy)} ${secs(us)}  ${name}`),
  ].flatMap((line) => line.split('\n'));
}
