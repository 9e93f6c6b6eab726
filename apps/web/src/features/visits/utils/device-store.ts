import type { ErrorDetail } from "@fanpin/domain/errors";
import type { ZVisitInput } from "@fanpin/domain/assistance-schemas";
import type { z } from "zod";

/**
 * What a phone keeps of visits while it may be offline: the draft being typed
 * (one a user and household) and the outbox of submitted visits waiting to be
 * sent. localStorage: synchronous (a draft written on each keystroke survives
 * a reload or a killed tab at once), a few kilobytes a visit, no dependency.
 * Keys carry the user id, so a shared phone never sends one user's visits
 * under another's session.
 */

export type VisitBody = z.input<typeof ZVisitInput>;
export type DraftValues = Record<string, unknown>;
export type VisitDraft = { id: string; startedAt: string; values: DraftValues };
export type OutboxItem = {
  householdId: string;
  body: VisitBody;
  queuedAt: string;
  /** The API refused it (4xx): shown to the user, kept for correction, not retried. */
  error?: { code: string; message: string; details: ErrorDetail[] };
};

const PREFIX = "fanpin:visits";
const draftKey = (userId: string, householdId: string) => `${PREFIX}:draft:${userId}:${householdId}`;
const outboxKey = (userId: string) => `${PREFIX}:outbox:${userId}`;

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function loadDraft(userId: string, householdId: string): VisitDraft | null {
  return read<VisitDraft>(draftKey(userId, householdId));
}

export function saveDraft(userId: string, householdId: string, draft: VisitDraft): void {
  localStorage.setItem(draftKey(userId, householdId), JSON.stringify(draft));
}

export function clearDraft(userId: string, householdId: string): void {
  localStorage.removeItem(draftKey(userId, householdId));
}

// ---------------------------------------------------------------- the outbox, an external store

const listeners = new Set<() => void>();
const snapshots = new Map<string, { raw: string | null; items: OutboxItem[] }>();

function notify() {
  listeners.forEach((l) => l());
}

export function subscribeOutbox(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab of the same app changed it.
  const onStorage = (e: StorageEvent) => {
    if (e.key?.startsWith(`${PREFIX}:outbox:`)) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** The same array while nothing changed (useSyncExternalStore compares snapshots). */
export function readOutbox(userId: string): OutboxItem[] {
  const raw = localStorage.getItem(outboxKey(userId));
  const cached = snapshots.get(userId);
  if (cached && cached.raw === raw) return cached.items;
  let items: OutboxItem[] = [];
  try {
    items = raw ? (JSON.parse(raw) as OutboxItem[]) : [];
  } catch {
    items = [];
  }
  snapshots.set(userId, { raw, items });
  return items;
}

function writeOutbox(userId: string, items: OutboxItem[]): void {
  if (items.length) localStorage.setItem(outboxKey(userId), JSON.stringify(items));
  else localStorage.removeItem(outboxKey(userId));
  notify();
}

/** Adds (or replaces, by visit id) a visit to send. */
export function enqueueVisit(userId: string, item: OutboxItem): void {
  writeOutbox(userId, [...readOutbox(userId).filter((i) => i.body.id !== item.body.id), item]);
}

export function removeFromOutbox(userId: string, visitId: string): void {
  writeOutbox(userId, readOutbox(userId).filter((i) => i.body.id !== visitId));
}

export function markRefused(userId: string, visitId: string, error: NonNullable<OutboxItem["error"]>): void {
  writeOutbox(userId, readOutbox(userId).map((i) => (i.body.id === visitId ? { ...i, error } : i)));
}
