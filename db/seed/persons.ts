// Fictional residents and employees of the demo municipality. Every person here is invented.
//
// Every `pid` is a synthetic number in Skatteetaten's synthetic range (month + 80) with check
// digits by the pre-2032 rule, so it can never belong to a real person. Real-range numbers
// (month 01–12) must never be added here; tests/unit/fodselsnummer.test.ts enforces this.
// E-mail addresses use only example.no; mobile numbers use the made-up series +47 400 00 0xx.
// Ages in the notes are as of November 2026.

export const syntheticPersons: {
  pid: string;
  givenName: string;
  familyName: string;
  email: string | null;
  mobile: string | null;
  note: { nb: string; nn: string; en: string };
}[] = [
  {
    pid: "14833921259", // 14.03.1939
    givenName: "Solveig",
    familyName: "Fjellstad",
    email: "solveig.fjellstad@example.no",
    mobile: "+47 400 00 001",
    note: {
      nb: "87 år, bor alene, har hjemmesykepleie",
      nn: "87 år, bur åleine, har heimesjukepleie",
      en: "87, lives alone, receives home nursing",
    },
  },
  {
    pid: "02893408722", // 02.09.1934
    givenName: "Arne",
    familyName: "Strandvik",
    email: null,
    mobile: null,
    note: {
      nb: "92 år, bor på sykehjem, datteren er pårørende",
      nn: "92 år, bur på sjukeheim, dottera er pårørande",
      en: "92, lives in a nursing home, his daughter is next of kin",
    },
  },
  {
    pid: "23864834469", // 23.06.1948
    givenName: "Ingrid",
    familyName: "Åsheim",
    email: null,
    mobile: "+47 400 00 002",
    note: {
      nb: "78 år, har trygghetsalarm og søker om praktisk bistand",
      nn: "78 år, har tryggleiksalarm og søkjer om praktisk bistand",
      en: "78, has a safety alarm and is applying for practical help at home",
    },
  },
  {
    pid: "09815515991", // 09.01.1955
    givenName: "Bjørn",
    familyName: "Lyngmo",
    email: "bjorn.lyngmo@example.no",
    mobile: "+47 400 00 003",
    note: {
      nb: "71 år, nylig utskrevet fra sykehus, får hverdagsrehabilitering",
      nn: "71 år, nyleg utskriven frå sjukehus, får kvardagsrehabilitering",
      en: "71, recently discharged from hospital, receiving reablement",
    },
  },
  {
    pid: "30906240412", // 30.10.1962
    givenName: "Randi",
    familyName: "Kvernes",
    email: "randi.kvernes@example.no",
    mobile: "+47 400 00 004",
    note: {
      nb: "64 år, pårørende til mor med demens, søker om avlastning",
      nn: "64 år, pårørande til mor med demens, søkjer om avlasting",
      en: "64, carer for her mother who has dementia, applying for respite care",
    },
  },
  {
    pid: "17924427523", // 17.12.1944
    givenName: "Torbjørn",
    familyName: "Havnås",
    email: null,
    mobile: null,
    note: {
      nb: "81 år, har demens, bor med kona og går på dagaktivitetstilbud",
      nn: "81 år, har demens, bur saman med kona og går på dagaktivitetstilbod",
      en: "81, has dementia, lives with his wife and attends a day activity centre",
    },
  },
  {
    pid: "05847112850", // 05.04.1971
    givenName: "Liv",
    familyName: "Skogheim",
    email: "liv.skogheim@example.no",
    mobile: "+47 400 00 005",
    note: {
      nb: "55 år, har MS og brukerstyrt personlig assistanse (BPA)",
      nn: "55 år, har MS og brukarstyrt personleg assistanse (BPA)",
      en: "55, has MS and user-controlled personal assistance (BPA)",
    },
  },
  {
    pid: "21888646172", // 21.08.1986
    givenName: "Håkon",
    familyName: "Vindenes",
    email: "hakon.vindenes@example.no",
    mobile: null,
    note: {
      nb: "40 år, pårørende til far, bruker portalen for første gang",
      nn: "40 år, pårørande til far, brukar portalen for første gong",
      en: "40, next of kin to his father, using the portal for the first time",
    },
  },
  {
    pid: "12834441258", // 12.03.1944
    givenName: "Margit",
    familyName: "Hovland",
    email: "margit.hovland@example.no",
    mobile: "+47 400 00 008",
    note: {
      nb: "82 år, bor alene og søker om hjelp hjemme etter et fall",
      nn: "82 år, bur åleine og søkjer om hjelp heime etter eit fall",
      en: "82, lives alone and applies for help at home after a fall",
    },
  },
];

export const syntheticEmployees: {
  subject: string;
  name: string;
  unit: string;
  roles: ("caseworker" | "editor" | "admin")[];
}[] = [
  // Kari and Ola Nordmann are Norway's standard placeholder names.
  { subject: "ansatt-001", name: "Kari Nordmann", unit: "Tildelingskontoret", roles: ["caseworker"] },
  { subject: "ansatt-002", name: "Ola Nordmann", unit: "Kommunikasjon", roles: ["editor"] },
  { subject: "ansatt-003", name: "Sigrid Bergsland", unit: "Tildelingskontoret", roles: ["caseworker", "editor"] },
  { subject: "ansatt-004", name: "Eirik Haugtun", unit: "IT", roles: ["admin"] },
  { subject: "ansatt-005", name: "Nora Fjordheim", unit: "Hjemmetjenesten", roles: ["caseworker"] },
];
