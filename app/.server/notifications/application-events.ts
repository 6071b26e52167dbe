// Which case events a resident is told about, by a content-free notification ("Nytt i saken din
// … Logg inn for å lese"). Called by recordEvent (../applications/events.ts) in the event's
// transaction, so the event and its notification are stored together or not at all.
//
// Told: what the resident must act on or has a right to hear of — a preliminary reply
// (forvaltningsloven § 11a), a planned assessment visit (they have to be there), a request for
// documentation (with a deadline), a decision, and on an appeal: the municipality's
// reconsidered decision, the forwarding to Statsforvalteren (fvl § 33 says the parties are told)
// and Statsforvalteren's decision.
// Not told: the receipt (they sent it, or registered it by phone), documentation received and
// appeal received (their own action), and service started/changed/ended (they notice those where
// the help is given; a notification for each would drown the ones that matter).
import type { ApplicationEvent, ApplicationEventType } from "../../../db/schema";
import { notifyPerson, type Queryable } from "./outbox";

export const residentNotifiedEvents: readonly ApplicationEventType[] = [
  "preliminary_reply",
  "assessment_planned",
  "documentation_requested",
  "decided",
  "appeal_reconsidered",
  "appeal_forwarded",
  "appeal_decided",
];

export async function notifyApplicationEvent(
  tx: Queryable,
  application: { municipalityId: string; personId: string },
  stored: Pick<ApplicationEvent, "id" | "type">,
) {
  if (!residentNotifiedEvents.includes(stored.type)) return;
  await notifyPerson(tx, {
    municipalityId: application.municipalityId,
    personId: application.personId,
    kind: "application_news",
    cause: `event:${stored.id}`,
  });
}
