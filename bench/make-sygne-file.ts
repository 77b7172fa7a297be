import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ineKey, uaiKey } from '../pipeline/normalize/identifiers.js';

/**
 * Writes a large, valid `sygne` extract for the ingestion benchmark, streaming (flat memory).
 * Deterministic: row i is a function of i. Names carry accents so that decoding is exercised.
 */
const SURNAMES = ['MARTIN', 'BERNARD', 'DUBOIS', 'LEFÈVRE', "N'DIAYE", 'DE LA FONTAINE', 'GARCIA', 'NGUYEN', 'KOWALSKI', 'BENALI'];
const FIRST = ['Théo', 'Chloé', 'Maëlys', 'Noé', 'Jean-Baptiste', 'Inès', 'Aïcha', 'Lucas', 'Emma', 'Yanis'];
export const SYGNE_BENCH_HEADER =
  'INE;NOM_FAMILLE;NOM_USAGE;PRENOM1;PRENOM2;PRENOM3;SEXE;DATE_NAISSANCE;CODE_COMMUNE_NAISSANCE;CODE_PAYS_NAISSANCE;CODE_COMMUNE_RESIDENCE;UAI;ANNEE_SCOLAIRE;CODE_MEF;NIVEAU_FORMATION;STATUT;DATE_ENTREE;DATE_SORTIE;NIVEAU_DIPLOME_OBTENU';

export async function makeSygneFile(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  out.write(SYGNE_BENCH_HEADER + '\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const n = String(1_000_000_000 + i * 7).padStart(10, '0');
    const uai = String(590_0000 + (i % 5000)).padStart(7, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    chunk +=
      `${n}${ineKey(n)};${SURNAMES[i % 10]};${i % 7 === 0 ? 'MARTIN' : ''};${FIRST[(i >> 3) % 10]};${FIRST[(i >> 5) % 10]};;${i % 2 ? 'F' : 'M'};` +
      `${day}/${month}/${2003 + (i % 12)};59350;99100;${59000 + (i % 600)};${uai}${uaiKey(uai)};${2020 + (i % 5)};2402242711;3;ST;02/09/2024;;\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.write(chunk);
  out.end();
  await once(out, 'close');
}
