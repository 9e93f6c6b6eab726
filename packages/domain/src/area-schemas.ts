import { z } from "zod";
import { ZAreaRef } from "./auth-schemas.ts";

export const ZAreaNode = ZAreaRef.extend({ parentId: z.number().int().nullable() });
export type AreaNode = z.infer<typeof ZAreaNode>;

/** The areas a user may see: their own area and everything below it. */
export const ZAreaTreeResponse = z.object({ areas: z.array(ZAreaNode) });
