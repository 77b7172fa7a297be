import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-23T10-00_initial.js';
import * as personsCampaign from './2026-11-23T12-00_persons-campaign.js';
import * as reviewDecisions from './2026-11-24T10-00_review-decisions.js';
import * as campaignReuse from './2026-11-24T12-00_campaign-reuse.js';
import * as campaignShared from './2026-12-05T12-00_campaign-shared.js';
import * as enrolmentPerson from './2026-12-06T00-00_enrolment-person.js';
import * as personNumeroIndex from './2026-12-06T06-00_person-numero-index.js';
import * as enrolmentPersonByPerson from './2026-12-07T18-00_enrolment-person-by-person.js';

/**
 * Migrations listed statically (not read from the folder at run time) so that the compiled package
 * works wherever it is installed. Names sort in application order.
 */
const migrations: Record<string, Migration> = {
  '2026-11-23T10-00_initial': initial,
  '2026-11-23T12-00_persons-campaign': personsCampaign,
  '2026-11-24T10-00_review-decisions': reviewDecisions,
  '2026-11-24T12-00_campaign-reuse': campaignReuse,
  '2026-12-05T12-00_campaign-shared': campaignShared,
  '2026-12-06T00-00_enrolment-person': enrolmentPerson,
  '2026-12-06T06-00_person-numero-index': personNumeroIndex,
  '2026-12-07T18-00_enrolment-person-by-person': enrolmentPersonByPerson,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
