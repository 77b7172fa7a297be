import type { CommunePsadTable } from './commune-psad.table.js';
import type { DecaContractVersionTable } from './deca-contract-version.table.js';
import type { EnrolmentTable } from './enrolment.table.js';
import type { ImiloPathwayTable } from './imilo-pathway.table.js';
import type { InputFileTable, RunInputTable } from './input-file.table.js';
import type { QuarantineTable } from './quarantine.table.js';
import type { CampaignPersonTable, CampaignReviewTable, EnrolmentPersonRunTable, EnrolmentPersonTable, PersonIneTable, PersonTable, RunKeyFiguresTable } from './person.table.js';
import type { ReviewDecisionTable } from './review-decision.table.js';
import type { RunCampaignResultTable, RunTable } from './run.table.js';
import type { SuiviSituationTable } from './suivi-situation.table.js';

/** The database as kysely sees it. */
export interface Database {
  run: RunTable;
  run_campaign_result: RunCampaignResultTable;
  input_file: InputFileTable;
  run_input: RunInputTable;
  quarantine: QuarantineTable;
  enrolment: EnrolmentTable;
  imilo_pathway: ImiloPathwayTable;
  deca_contract_version: DecaContractVersionTable;
  commune_psad: CommunePsadTable;
  suivi_situation: SuiviSituationTable;
  person: PersonTable;
  person_ine: PersonIneTable;
  enrolment_person: EnrolmentPersonTable;
  enrolment_person_run: EnrolmentPersonRunTable;
  campaign_person: CampaignPersonTable;
  campaign_review: CampaignReviewTable;
  run_key_figures: RunKeyFiguresTable;
  review_decision: ReviewDecisionTable;
}

export type * from './run.table.js';
export type * from './input-file.table.js';
export type * from './enrolment.table.js';
export type * from './imilo-pathway.table.js';
export type * from './deca-contract-version.table.js';
export type * from './commune-psad.table.js';
export type * from './suivi-situation.table.js';
export type * from './quarantine.table.js';
export type * from './lineage.js';
export type * from './person.table.js';
export type * from './review-decision.table.js';
