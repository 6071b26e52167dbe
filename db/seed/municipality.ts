import type { LevelModel, MunicipalityContact, MunicipalityTheme } from "../schema";

// The demo municipality. Fjordvik is fictional; its organisation number, phone number and
// addresses are made up and belong to no one.

export const trinnModel: LevelModel = {
  kind: "trinn",
  name: { nb: "Trinn", nn: "Trinn", en: "Level" },
  levels: [
    { value: 0, label: { nb: "Selvhjulpen", nn: "Sjølvhjelpen", en: "Self-reliant" } },
    {
      value: 1,
      label: {
        nb: "Selvhjulpen med endret standard",
        nn: "Sjølvhjelpen med endra standard",
        en: "Self-reliant with adjustments",
      },
    },
    { value: 2, label: { nb: "Trenger bistand", nn: "Treng hjelp", en: "Needs some help" } },
    {
      value: 3,
      label: { nb: "Behov for omfattende bistand", nn: "Treng omfattande hjelp", en: "Needs extensive help" },
    },
    {
      value: 4,
      label: {
        nb: "Heldøgns bistand i bolig",
        nn: "Hjelp heile døgnet i bustad",
        en: "Round-the-clock help at home",
      },
    },
    { value: 5, label: { nb: "Institusjon", nn: "Institusjon", en: "Institution" } },
    {
      value: 6,
      label: {
        nb: "Institusjon (spesialavdeling)",
        nn: "Institusjon (spesialavdeling)",
        en: "Institution (specialised unit)",
      },
    },
  ],
};

/** Halden's scale, where 1 is the most self-reliant. Not used by the demo, but expressible. */
export const mestringsnivaModel: LevelModel = {
  kind: "mestringsniva",
  name: { nb: "Mestringsnivå", nn: "Meistringsnivå", en: "Coping level" },
  levels: [1, 2, 3, 4, 5, 6].map((value) => ({
    value,
    label: { nb: `Nivå ${value}`, nn: `Nivå ${value}`, en: `Level ${value}` },
  })),
};

export const demoContact: MunicipalityContact = {
  unit: { nb: "Tildelingskontoret", nn: "Tildelingskontoret", en: "The allocation office (Tildelingskontoret)" },
  phone: "00 00 00 00",
  email: "tildeling@fjordvik.kommune.example",
  openingHours: {
    nb: "Hverdager 08.00–15.30",
    nn: "Kvardagar 08.00–15.30",
    en: "Weekdays 08:00–15:30",
  },
  address: "Rådhusgata 1, 0000 Fjordvik",
  website: "https://fjordvik.kommune.example",
};

export const demoTheme: MunicipalityTheme = { accent: "#0b5a6e", accentContrast: "#ffffff" };

export const demoMunicipality = {
  slug: "fjordvik",
  name: "Fjordvik kommune",
  organisationNumber: "000000000",
  levelModel: trinnModel,
  theme: demoTheme,
  contact: demoContact,
};
