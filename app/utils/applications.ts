// Shared by the resident's application pages (browser and server) and the database schema.

/** A service's slug, as the catalogue makes it and every form, filter and API takes it: "praktisk-bistand". */
export const serviceSlugPattern = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** Every kind of event an application can have, in the case system API's snake_case. */
export const applicationEventTypes = [
  "received",
  "preliminary_reply",
  "assessment_planned",
  "documentation_requested",
  "documentation_received",
  "decided",
  "appeal_received",
  "appeal_reconsidered",
  "appeal_forwarded",
  "appeal_decided",
  "service_started",
  "service_changed",
  "service_ended",
] as const;
export type ApplicationEventType = (typeof applicationEventTypes)[number];

/** Designsystemet colour for a stage's tag: warning when the resident must act. */
export function stageColour(stage: string): string {
  switch (stage) {
    case "waiting_for_you":
      return "warning";
    case "decided":
    case "appeal_decided":
    case "service_active":
      return "success";
    case "service_ended":
      return "neutral";
    default:
      return "info";
  }
}

/** Designsystemet colour for a decision outcome's tag. */
export function outcomeColour(outcome: string): string {
  switch (outcome) {
    case "granted":
      return "success";
    case "partly_granted":
      return "warning";
    default:
      return "danger";
  }
}
