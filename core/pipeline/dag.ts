// Orders a pipeline's steps by their dependencies and names any cycle it finds.

/** A step's id and the ids it depends on. */
export interface DagNode {
  id: string;
  dependsOn: readonly string[];
}

/** Returns the ids in an order where every step comes after its dependencies, or the first cycle found. */
export function topologicalOrder(nodes: readonly DagNode[]): { order: string[] } | { cycle: string[] } {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const path: string[] = [];

  const visit = (id: string): string[] | undefined => {
    const seen = state.get(id);
    if (seen === 'done') return undefined;
    if (seen === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    order.push(id);
    return undefined;
  };

  for (const node of nodes) {
    const cycle = visit(node.id);
    if (cycle) return { cycle };
  }
  return { order };
}
