import type { Selectable } from 'kysely';
import type { LineageColumns } from './lineage.js';

export interface SuiviSituationTable extends LineageColumns {
  numero_siei: string;
  date_situation: string;
  situation: string;
  code_psad: string | null;
}
export type SuiviSituation = Selectable<SuiviSituationTable>;
