import type { Kysely } from 'kysely';

/**
 * Initial schema. Migrations work on Kysely<any> and never import application code, so that they
 * keep meaning the same thing when the code changes.
 */

type Col = [name: string, type: 'text' | 'integer', notNull?: boolean];

const lineage: Col[] = [
  ['source', 'text', true],
  ['input_file_id', 'integer', true],
  ['line', 'integer', true],
  ['run_id', 'text', true],
];

const people: Record<string, Col[]> = {
  enrolment: [
    ['ine', 'text', true], ['ine_type', 'text', true], ['ine_key_checked', 'integer', true],
    ['nom_famille', 'text', true], ['nom_usage', 'text'], ['prenom1', 'text', true], ['prenom2', 'text'],
    ['prenom3', 'text'], ['sexe', 'text', true], ['date_naissance', 'text', true],
    ['code_commune_naissance', 'text'], ['code_pays_naissance', 'text'],
    ['code_commune_residence', 'text', true], ['uai', 'text', true], ['annee_scolaire', 'integer', true],
    ['code_mef', 'text'], ['niveau_formation', 'text'], ['statut', 'text'], ['date_entree', 'text'],
    ['date_sortie', 'text'], ['niveau_diplome_obtenu', 'text'],
  ],
  imilo_pathway: [
    ['id_milo', 'text', true], ['numero_siei', 'text'], ['nom_naissance', 'text', true], ['nom_usage', 'text'],
    ['nom_marital', 'text'], ['prenoms', 'text', true], ['sexe', 'text', true], ['date_naissance', 'text', true],
    ['code_commune_naissance', 'text'], ['code_pays_naissance', 'text'], ['code_commune_residence', 'text'],
    ['code_structure', 'text', true], ['date_premier_accueil', 'text'], ['dispositif', 'text'],
    ['date_debut_parcours', 'text'], ['date_fin_parcours', 'text'], ['motif_fin', 'text'],
    ['date_dernier_contact', 'text'],
  ],
  deca_contract_version: [
    ['no_contrat', 'text', true], ['no_avenant', 'integer', true], ['statut', 'text'], ['nom', 'text', true],
    ['prenom', 'text', true], ['sexe', 'text', true], ['date_naissance', 'text', true],
    ['departement_naissance', 'text'], ['code_postal_residence', 'text'], ['date_debut_contrat', 'text', true],
    ['date_fin_contrat', 'text', true], ['date_effet_rupture', 'text'], ['code_diplome', 'text'],
    ['uai_cfa', 'text'], ['cancelled', 'integer', true],
  ],
  commune_psad: [
    ['code_commune', 'text', true], ['code_postal', 'text'], ['libelle_commune', 'text'],
    ['code_departement', 'text', true], ['code_psad', 'text', true], ['libelle_psad', 'text', true],
  ],
  suivi_situation: [
    ['numero_siei', 'text', true], ['date_situation', 'text', true], ['situation', 'text', true],
    ['code_psad', 'text'],
  ],
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('run')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('exit_code', 'integer')
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('input_file')
    .addColumn('input_file_id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('settings_key', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('separator', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('stored', 'integer', (c) => c.notNull())
    .addColumn('quarantined', 'integer', (c) => c.notNull())
    .addColumn('warnings', 'integer', (c) => c.notNull())
    .addColumn('header_report_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('first_run_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('input_file_identity')
    .on('input_file')
    .columns(['source', 'sha256', 'settings_key'])
    .execute();

  await db.schema
    .createTable('run_input')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('input_file_id', 'integer', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('reused', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_input_pk', ['run_id', 'input_file_id'])
    .execute();

  await db.schema
    .createTable('quarantine')
    .addColumn('quarantine_id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('input_file_id', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('value', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('raw', 'text')
    .execute();
  await db.schema.createIndex('quarantine_file').on('quarantine').columns(['input_file_id', 'line']).execute();

  for (const [table, cols] of Object.entries(people)) {
    let builder = db.schema.createTable(table);
    for (const [name, type, notNull] of [...lineage, ...cols]) {
      builder = builder.addColumn(name, type, (c) => (notNull ? c.notNull() : c));
    }
    await builder.execute();
  }
  // No secondary index on the row tables: each index costs on every one of millions of inserts, and
  // the stages read a run's rows in full. Indexes the matcher needs come with its own migration.
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['run', 'input_file', 'run_input', 'quarantine', ...Object.keys(people)]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
