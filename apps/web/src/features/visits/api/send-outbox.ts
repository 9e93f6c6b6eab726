import type { Visit } from "@fanpin/domain/assistance-schemas";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { api, ApiError, NETWORK_ERROR } from "@/lib/api-client.ts";
import { markRefused, readOutbox, removeFromOutbox, subscribeOutbox, type OutboxItem } from "../utils/device-store.ts";
import { assistanceKeys } from "@/lib/query-keys.ts";

/**
 * Sends the outbox: each visit is removed only after the API answered 200
 * (already stored) or 201 (stored now), so a visit is never lost; sending one
 * twice is harmless (the id made on the device). A network failure, a 5xx or
 * an ended session stops the round and keeps everything for the next; a 4xx
 * marks the visit refused, for the user to correct.
 */
let running: Promise<number> | null = null;

export function sendOutbox(userId: string, onSent?: (v: Visit) => void): Promise<number> {
  running ??= (async () => {
    let sent = 0;
    const tried = new Set<string>();
    try {
      // Read again after each send: a visit submitted meanwhile goes in this round too.
      for (let item = nextToSend(userId, tried); item; item = nextToSend(userId, tried)) {
        tried.add(item.body.id);
        try {
          const visit = await api.post<Visit>(`/api/assistance/${encodeURIComponent(item.householdId)}/visits`, item.body);
          removeFromOutbox(userId, item.body.id);
          sent += 1;
          onSent?.(visit);
        } catch (error) {
          if (!(error instanceof ApiError) || error.code === NETWORK_ERROR || error.status >= 500 || error.status === 0 || error.isSessionEnded || error.status === 429) break;
          markRefused(userId, item.body.id, { code: error.code, message: error.message, details: error.details });
        }
      }
    } finally {
      running = null;
    }
    return sent;
  })();
  return running;
}

function nextToSend(userId: string, tried: ReadonlySet<string>): OutboxItem | undefined {
  return readOutbox(userId).find((i) => !i.error && !tried.has(i.body.id));
}

export function useOutbox(userId: string): OutboxItem[] {
  return useSyncExternalStore(subscribeOutbox, () => readOutbox(userId), () => []);
}

const RETRY_MS = 30_000;

/**
 * Keeps sending while visits wait: at start, when the browser comes back
 * online, and every 30 s. Mounted once in the signed-in frame.
 */
export function useOutboxSender(userId: string): void {
  const queryClient = useQueryClient();
  const waiting = useOutbox(userId).filter((i) => !i.error).length;
  useEffect(() => {
    const send = () =>
      void sendOutbox(userId, (v) => void queryClient.invalidateQueries({ queryKey: assistanceKeys.household(v.householdId) }));
    send();
    window.addEventListener("online", send);
    const timer = waiting > 0 ? window.setInterval(send, RETRY_MS) : undefined;
    return () => {
      window.removeEventListener("online", send);
      if (timer) window.clearInterval(timer);
    };
  }, [userId, waiting > 0, queryClient]);
}
