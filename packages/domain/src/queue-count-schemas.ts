import { z } from "zod";
import { ASSISTANCE_QUEUE_NAMES } from "./assistance-schemas.ts";
import { ZQueueQuery } from "./case-schemas.ts";
import { QUEUE_NAMES } from "./queues.ts";
import "./zod-zh.ts";

/**
 * GET /api/queues/counts: every queue tab of the signed-in role with its
 * total and overdue count, in one call. The case queues are counted with the
 * same conditions as GET /api/queues/{queue} (and its filters), the
 * assistance queues as GET /api/assistance/queues/{queue} without filters,
 * so a tab's count is the total the tab shows when opened.
 */
export const ZQueueCountsQuery = ZQueueQuery.omit({ page: true, pageSize: true, bucket: true });

const ZCount = { total: z.number().int(), overdue: z.number().int() };

export const ZQueueCounts = z.object({
  today: z.string(),
  /** The role's case queues under the deployment's rule set, in the order of GET /api/rules `queues`. */
  queues: z.array(z.object({ name: z.enum(QUEUE_NAMES), ...ZCount })),
  /** The role's assistance queues (帮扶待办). */
  assistance: z.array(z.object({ name: z.enum(ASSISTANCE_QUEUE_NAMES), ...ZCount })),
  /** The open leads to verify (线索核实) within the user's area (and the area filter), as GET /api/leads counts them; null for roles without lead.read. */
  leads: z.object(ZCount).nullable(),
});
export type QueueCounts = z.infer<typeof ZQueueCounts>;
