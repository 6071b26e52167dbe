// The shared action of the template forms (/saksbehandler/maler/ny and /saksbehandler/maler/:id).

import { data, redirect } from "@remix-run/node";
import { assertCsrf, requireEmployee } from "../auth/session";
import { getDb } from "../db";
import { checkTemplate, saveTemplate, type TemplateErrors, type TemplateValues } from "./templates";
import { listUnits } from "./units";

export type TemplateFormResult = { values: TemplateValues; errors: TemplateErrors };

const clean = (value: FormDataEntryValue | null) => (typeof value === "string" ? value.replace(/\r\n?/g, "\n").trim() : "");

export async function templateFormAction(request: Request, id?: string) {
  const session = await requireEmployee(request, "editor");
  const form = await request.formData();
  assertCsrf(form, session);
  const db = await getDb();
  const values: TemplateValues = { unitId: clean(form.get("unitId")), title: clean(form.get("title")), body: clean(form.get("body")) };
  const units = await listUnits(db, session.employee.municipalityId);
  const errors = checkTemplate(
    values,
    units.map((u) => u.id),
  );
  if (Object.keys(errors).length > 0) return data<TemplateFormResult>({ values, errors }, { status: 400 });
  const saved = await saveTemplate(db, session.employee, values, id);
  return redirect(`/saksbehandler/maler/${saved}?lagret=1`, 303);
}
