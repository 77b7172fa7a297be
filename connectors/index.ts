export type { Connector, ColumnSpec, RowValues, RowContext, SourceName } from './connector.js';
export { connectors, connectorFor, connectorForFile, SOURCE_NAMES } from './registry.js';
export { DECA_STATUTS, CANCELLED_STATUTS } from './deca/deca-statut.js';
export { SITUATIONS, SOLUTION_SITUATIONS, CONTACT_SITUATIONS } from './suivi/suivi-situations.js';
export { DECISIONS, DECISION_ALIASES, REVIEW_SOURCES, type ReviewDecision, type ReviewSource } from './decisions/decision-values.js';
