import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDraft } from "~/.server/applications/apply";
import { requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getCurrentMunicipality } from "~/.server/municipality";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isApplyStep } from "~/schemas/apply";

// "Fortsett": a draft opens at the furthest step the resident reached; a sent one at its receipt.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const draft = await getDraft(
    db,
    { actorPersonId: session.person.id, subjectPersonId: session.person.id, municipalityId: municipality.id },
    params.draftId ?? "",
  );
  if (draft.applicationId) return redirect(`/min-side/soknader/${draft.applicationId}/kvittering`);
  return redirect(`/min-side/soknader/utkast/${draft.id}/${isApplyStep(draft.step) ? draft.step : "tjenester"}`);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
