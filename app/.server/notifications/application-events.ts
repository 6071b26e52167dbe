// Which case events a resident is told about, by a content-free notification ("Nytt i saken din
// … Logg inn for å lese"). recordEvent (../applications/events.ts) queues them in the statement
// that stores the event, so the event and its notification are stored together or not at all.
//
// Told: what the resident must act on or has a right to hear of — a preliminary reply
// (forvaltningsloven § 11a), a planned assessment visit (they have to be there), a request for
// documentation (with a deadline), a decision, and on an appeal: the municipality's
// reconsidered decision, the forwarding to Statsforvalteren (fvl § 33 says the parties are told)
// and Statsforvalteren's decision.
// Not told: the receipt (they sent it, or registered it by phone), documentation received and
// appeal received (their own action), and service started/changed/ended (they notice those where
// the help is given; a notification for each would drown the ones that matter).
import type { ApplicationEventType } from "../../../db/schema";
import { channelsOf, notificationKey, type NotificationKind } from "./outbox";

export const residentNotifiedEvents: readonly ApplicationEventType[] = [
  "preliminary_reply",
  "assessment_planned",
  "documentation_requested",
  "decided",
  "appeal_reconsidered",
  "appeal_forwarded",
  "appeal_decided",
];

/** The "application_news" notifications an event queues: none, or one per channel the resident has given. */
export function applicationEventNotifications(
  type: ApplicationEventType,
  eventId: string,
  contacts: { email: string | null; mobile: string | null },
) {
  if (!residentNotifiedEvents.includes(type)) return [];
  const kind: NotificationKind = "application_news";
  return channelsOf(contacts).map((c) => ({ ...c, kind, idempotencyKey: notificationKey(`${kind}:event:${eventId}`, c.channel) }));
}
