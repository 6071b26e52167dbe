import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { documentResponse, getDocumentForPerson } from "~/.server/documents/store";
import { getCurrentMunicipality } from "~/.server/municipality";

// A resident's own document (an attachment they sent, a decision letter, the copy of an
// application): `?last-ned=1` saves it instead of opening it. Anyone else's: 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const doc = await getDocumentForPerson(
    db,
    { actorPersonId: session.person.id, subjectPersonId: session.person.id, municipalityId: municipality.id },
    params.id ?? "",
  );
  return documentResponse(doc, { download: new URL(request.url).searchParams.has("last-ned") });
}
