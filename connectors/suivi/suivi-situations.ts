/** The follow-up situations a PSAD records (DOMAIN.md; the project's enum, no public list exists). */
export const SOLUTION_SITUATIONS = [
  'formation_initiale',
  'apprentissage',
  'formation_pro',
  'emploi',
  'service_civique',
  'accompagnement',
] as const;

export const CONTACT_SITUATIONS = [
  'deja_en_solution',
  'injoignable',
  'coordonnees_erronees',
  'refus',
  'sans_solution',
  'demenage_hors_territoire',
  'non_contacte',
] as const;

export const SITUATIONS = [...SOLUTION_SITUATIONS, ...CONTACT_SITUATIONS, 'exempte_sante'] as const;
export type Situation = (typeof SITUATIONS)[number];
