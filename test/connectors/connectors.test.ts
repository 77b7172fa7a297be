import { describe, expect, it } from 'vitest';
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
};

describe('registry', () => {
  it('has one connector per input of EXTRACTS.md', () => {
    expect(connectors.map((c) => c.source).sort()).toEqual(['agri', 'communes_psad', 'deca', 'imilo', 'suivi', 'sygne']);
  });
  it('recognises files by prefix, case-insensitively, .csv only', () => {
    expect(connectorForFile('SYGNE_ac-lille_2025.csv')?.source).toBe('sygne');
    expect(connectorForFile('Communes_PSAD.CSV')?.source).toBe('communes_psad');
    expect(connectorForFile('deca.xlsx')).toBeUndefined();
    expect(connectorForFile('notes.csv')).toBeUndefined();
  });
});

for (const connector of connectors) {
  describe(`connector ${connector.source}`, () => connectorContract(connector, samples[connector.source]!));
}
