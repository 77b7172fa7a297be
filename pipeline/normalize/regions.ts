/**
 * The region (INSEE code, 2016 regions) of a département, of an INSEE commune code and of a postal
 * code. The matcher bounds its broadest blocking rules by region (blocking-keys.ts): a national run then
 * compares a record with the persons of the regions it is known in, as the sum of regional runs
 * would, instead of with every person of France.
 */
const REGION_DEPARTEMENTS: Record<string, string> = {
  '11': '75 77 78 91 92 93 94 95', // Île-de-France
  '24': '18 28 36 37 41 45', // Centre-Val de Loire
  '27': '21 25 39 58 70 71 89 90', // Bourgogne-Franche-Comté
  '28': '14 27 50 61 76', // Normandie
  '32': '02 59 60 62 80', // Hauts-de-France
  '44': '08 10 51 52 54 55 57 67 68 88', // Grand Est
  '52': '44 49 53 72 85', // Pays de la Loire
  '53': '22 29 35 56', // Bretagne
  '75': '16 17 19 23 24 33 40 47 64 79 86 87', // Nouvelle-Aquitaine
  '76': '09 11 12 30 31 32 34 46 48 65 66 81 82', // Occitanie
  '84': '01 03 07 15 26 38 42 43 63 69 73 74', // Auvergne-Rhône-Alpes
  '93': '04 05 06 13 83 84', // Provence-Alpes-Côte d'Azur
  // 20: Corsica's postal codes, and its communes' codes before 1976.
  '94': '2A 2B 20', // Corse
  '01': '971', // Guadeloupe
  '02': '972', // Martinique
  '03': '973', // Guyane
  '04': '974', // La Réunion
  '06': '976', // Mayotte
};

const REGION_OF = new Map<string, string>();
for (const [region, departements] of Object.entries(REGION_DEPARTEMENTS)) for (const d of departements.split(' ')) REGION_OF.set(d, region);

/** Every region code, for an identity known nowhere (it may be anywhere). */
export const REGIONS: readonly string[] = Object.keys(REGION_DEPARTEMENTS);

/** The region of a département code (`59`, `2A`, `971`); undefined abroad (`99`) or unknown. */
export function regionOfDepartement(departement: string): string | undefined {
  return REGION_OF.get(departement);
}

/** The region of an INSEE commune code or a postal code (five characters): its département's. */
export function regionOfPlaceCode(code: string): string | undefined {
  if (code.length !== 5) return undefined;
  return REGION_OF.get(code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2));
}
