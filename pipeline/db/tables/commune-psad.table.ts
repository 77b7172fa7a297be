import type { Selectable } from 'kysely';
import type { LineageColumns } from './lineage.js';

export interface CommunePsadTable extends LineageColumns {
  code_commune: string;
  code_postal: string | null;
  libelle_commune: string | null;
  code_departement: string;
  code_psad: string;
  libelle_psad: string;
}
export type CommunePsad = Selectable<CommunePsadTable>;
