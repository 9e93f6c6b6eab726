import type { AreaLevel } from "@fanpin/domain/areas";
import type { AreaNode } from "@fanpin/domain/area-schemas";

export type AreaTreeNode = {
  value: number;
  title: string;
  level: AreaLevel;
  code: string;
  selectable: boolean;
  children?: AreaTreeNode[];
};

/**
 * Builds TreeSelect data from the flat list the API returns (parentId links).
 * Roots are the areas whose parent is not in the list (the user's own area).
 * `selectable` decides which nodes can be picked; the others stay to be opened.
 */
export function buildAreaTree(areas: readonly AreaNode[], selectable: (a: AreaNode) => boolean = () => true): AreaTreeNode[] {
  const byId = new Map<number, AreaTreeNode>();
  for (const a of areas) {
    byId.set(a.id, { value: a.id, title: a.name, level: a.level, code: a.code, selectable: selectable(a) });
  }
  const roots: AreaTreeNode[] = [];
  for (const a of areas) {
    const node = byId.get(a.id)!;
    const parent = a.parentId === null ? undefined : byId.get(a.parentId);
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (nodes: AreaTreeNode[]) => {
    nodes.sort((x, y) => x.code.localeCompare(y.code));
    nodes.forEach((n) => n.children && sort(n.children));
  };
  sort(roots);
  return roots;
}
