import type { PersonRegister, RegisterContact } from "../auth/people";
import { describeError, logger } from "../logger";
import { createFregClient, type FregClient } from "./folkeregisteret";
import { IntegrationError } from "./http";
import { createKrrClient, type KrrClient, type KrrContact } from "./krr";
import { createMaskinportenClient, type MaskinportenConfig } from "./maskinporten";

// The production person register: the name from Folkeregisteret and the contact details from
// Kontakt- og reservasjonsregisteret, asked at the same time, both within one deadline. A register
// that does not answer is reported as "not available" for its part (the login decides what that
// means, see upsertResident); only Folkeregisteret saying "no such person" makes the person unknown.

export type ProductionRegisterConfig = {
  maskinporten: MaskinportenConfig;
  krrUrl: string;
  fregUrl: string;
  /** How long a login waits for the registers, token included. */
  timeoutMs: number;
};

/** What KRR allows us to use for notifications: nothing for a reserved person, or stale or missing details. */
export function contactFromKrr(krr: KrrContact): RegisterContact {
  const usable = krr.status === "AKTIV" && !krr.reserved && krr.canNotify;
  return { reserved: krr.reserved, email: usable ? krr.email : null, mobile: usable ? krr.mobile : null };
}

function logFailure(register: "folkeregisteret" | "krr", error: unknown) {
  // The service, how it failed and the HTTP status: never the number asked about.
  if (error instanceof IntegrationError)
    logger.warn("person_register.unavailable", { register, service: error.service, failure: error.failure, status: error.status });
  else logger.error("person_register.failed", { register, ...describeError(error) });
}

export function createRegisterFromClients(clients: { freg: FregClient; krr: KrrClient }, timeoutMs: number): PersonRegister {
  return {
    async lookup(pid) {
      const signal = AbortSignal.timeout(timeoutMs);
      const [name, contact] = await Promise.allSettled([clients.freg.lookupName(pid, signal), clients.krr.lookup(pid, signal)]);
      if (name.status === "fulfilled" && name.value === null) return null;
      if (name.status === "rejected") logFailure("folkeregisteret", name.reason);
      if (contact.status === "rejected") logFailure("krr", contact.reason);
      return {
        name: name.status === "fulfilled" ? name.value : null,
        contact: contact.status === "fulfilled" ? contactFromKrr(contact.value) : null,
      };
    },
  };
}

export function createProductionRegister(config: ProductionRegisterConfig): PersonRegister {
  const maskinporten = createMaskinportenClient(config.maskinporten);
  return createRegisterFromClients(
    {
      freg: createFregClient({ baseUrl: config.fregUrl, maskinporten }),
      krr: createKrrClient({ baseUrl: config.krrUrl, maskinporten }),
    },
    config.timeoutMs,
  );
}
