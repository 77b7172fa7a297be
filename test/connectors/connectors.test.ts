import { describe, expect, it } from 'vitest';
import { parseField } from '../../connectors/csv/field-types.js';
import { matchHeader } from '../../connectors/csv/header.js';
import { decisionsConnector } from '../../connectors/decisions/decisions.connector.js';
import { connectorForFile, connectors } from '../../connectors/registry.js';
import { connectorContract } from './contract.js';

const school = {
  INE: '0494004062M', NOM_FAMILLE: 'LEFEBVRE', NOM_USAGE: '', PRENOM1: 'Théo', PRENOM2: 'Jules', SEXE: 'M',
  DATE_NAISSANCE: '14/03/2008', CODE_COMMUNE_NAISSANCE: '62498', CODE_PAYS_NAISSANCE: '99100',
  CODE_COMMUNE_RESIDENCE: '62510', UAI: '0620108F', ANNEE_SCOLAIRE: '2023', CODE_MEF: '2402242711',
  NIVEAU_FORMATION: '3', STATUT: 'ST', DATE_ENTREE: '04/09/2023', DATE_SORTIE: '17/02/2024', NIVEAU_DIPLOME_OBTENU: '',
};

const samples: Record<string, Record<string, string>> = {
  sygne: school,
  agri: { ...school, INE: '8012345678P' },
  imilo: {
    ID_MILO: 'M0001', NOM_NAISSANCE: 'DUPONT', PRENOMS: 'Léa Marie', SEXE: 'F', DATE_NAISSANCE: '02/01/2008',
    CODE_COMMUNE_RESIDENCE: '59350', CODE_STRUCTURE: 'ML59001', DISPOSITIF: 'PACEA', DATE_DEBUT_PARCOURS: '10/10/2024',
  },
  deca: {
    NO_CONTRAT: '059202400123', NO_AVENANT: '0', STATUT: 'Rompu', NOM: 'LEFEVRE', PRENOM: 'THEO', SEXE: '1',
    DATE_NAISSANCE: '14/03/2008', DEPARTEMENT_NAISSANCE: '62', CODE_POSTAL_RESIDENCE: '62800',
    DATE_DEBUT_CONTRAT: '02/09/2024', DATE_FIN_CONTRAT: '31/08/2026', DATE_EFFET_RUPTURE: '15/12/2024',
    CODE_DIPLOME: '50022427', UAI_CFA: '0620108F',
  },
  communes_psad: { CODE_COMMUNE: '62510', CODE_POSTAL: '62580', CODE_DEPARTEMENT: '62', CODE_PSAD: 'PSAD62A', LIBELLE_PSAD: 'PSAD de Lens' },
  suivi: { NUMERO_SIEI: 'S000000001', DATE_SITUATION: '20/01/2025', SITUATION: 'emploi', CODE_PSAD: 'PSAD62A' },
  decisions: { SOURCE: 'deca', ID_ENREGISTREMENT: '059202400123', NUMERO_SIEI: 'S7KQ2M9XH4T', DECISION: 'OUI', DATE_DECISION: '03/02/2025', AUTEUR: 'PSAD62A' },
};

describe('registry', () => {
  it('has one connector per input of EXTRACTS.md', () => {
    expect(connectors.map((c) => c.source).sort()).toEqual(['agri', 'communes_psad', 'deca', 'decisions', 'imilo', 'suivi', 'sygne']);
  });
  it('recognises files by prefix, case-insensitively, .csv only', () => {
    expect(connectorForFile('SYGNE_ac-lille_2025.csv')?.source).toBe('sygne');
    expect(connectorForFile('Communes_PSAD.CSV')?.source).toBe('communes_psad');
    expect(connectorForFile('deca.xlsx')).toBeUndefined();
    expect(connectorForFile('notes.csv')).toBeUndefined();
    expect(connectorForFile('Decisions_2025-02.csv')?.source).toBe('decisions');
    expect(connectorForFile('deca_lille.csv')?.source).toBe('deca');
  });
});

for (const connector of connectors) {
  describe(`connector ${connector.source}`, () => connectorContract(connector, samples[connector.source]!));
}

describe('decisions values', () => {
  const spec = (header: string) => decisionsConnector.columns.find((c) => c.header === header)!;
  const parse = (header: string, raw: string) => parseField(spec(header).type, raw, { twoDigitYearPivot: 2025 });

  it('reads OUI and NON in the ways people write them', () => {
    const read = (raw: string) => {
      const r = parse('DECISION', raw);
      return r.ok ? r.value : r.message;
    };
    expect(['OUI', 'oui', 'Oui', 'O', 'o', '1', 'OÙI'].map(read)).toEqual(Array(7).fill('OUI'));
    expect(['NON', 'non', 'Non', 'N', 'n', '0', 'NÔN'].map(read)).toEqual(Array(7).fill('NON'));
    expect(read('peut-être')).toBe('"peut-être" is not one of OUI, NON (also accepted: O, N, 1, 0)');
    expect(read('2')).toMatch(/not one of OUI, NON/);
  });

  it('requires the DECISION column but reads its empty cell as "not decided yet"', () => {
    expect(spec('DECISION')).toMatchObject({ required: true, emptyAllowed: true });
    expect(matchHeader(['SOURCE', 'ID_ENREGISTREMENT', 'NUMERO_SIEI'], decisionsConnector.columns).missingRequired).toEqual(['DECISION']);
  });

  it('reads the source in any case and checks the NUMERO_SIEI shape', () => {
    expect(parse('SOURCE', 'IMILO')).toEqual({ ok: true, value: 'imilo' });
    expect(parse('SOURCE', 'sygne')).toMatchObject({ ok: false, code: 'ROW_INVALID_ENUM' });
    expect(parse('NUMERO_SIEI', 's7kq2m9xh4t')).toMatchObject({ ok: true });
    expect(parse('NUMERO_SIEI', 'SOKQ2M9XH4T')).toMatchObject({ ok: false, code: 'ROW_INVALID_CODE' }); // O is not Crockford
    expect(parse('NUMERO_SIEI', '0494004062M')).toMatchObject({ ok: false });
  });

  it('keys a record id as a spreadsheet gives it back, and refuses scientific notation', () => {
    const finish = (record_id: string) => {
      const row: Record<string, string | number | null> = { record_source: 'deca', record_id, numero_siei: 's7kq2m9xh4t', decision: 'OUI' };
      const issue = decisionsConnector.finish!(row, () => undefined);
      return issue ?? { record_id: row.record_id, record_key: row.record_key, numero_siei: row.numero_siei };
    };
    expect(finish('059202400123')).toEqual({ record_id: '059202400123', record_key: '59202400123', numero_siei: 'S7KQ2M9XH4T' });
    expect(finish('59202400123')).toMatchObject({ record_key: '59202400123' });
    expect(finish('="059202400123"')).toEqual({ record_id: '059202400123', record_key: '59202400123', numero_siei: 'S7KQ2M9XH4T' });
    expect(finish("'059202400123")).toMatchObject({ record_key: '59202400123' });
    expect(finish('ml5904-11919425')).toMatchObject({ record_id: 'ml5904-11919425', record_key: 'ML5904-11919425' });
    expect(finish('5,92024E+13')).toMatchObject({ code: 'ROW_INVALID_CODE', field: 'ID_ENREGISTREMENT' });
    expect(finish('=""')).toMatchObject({ code: 'ROW_REQUIRED_MISSING', field: 'ID_ENREGISTREMENT' });
  });
});
