import { agriConnector } from './agri/agri.connector.js';
import type { Connector, SourceName } from './connector.js';
import { decaConnector } from './deca/deca.connector.js';
import { decisionsConnector } from './decisions/decisions.connector.js';
import { imiloConnector } from './imilo/imilo.connector.js';
import { communesPsadConnector } from './referentials/communes-psad.connector.js';
import { suiviConnector } from './suivi/suivi.connector.js';
import { sygneConnector } from './sygne/sygne.connector.js';

/**
 * Every input the pipeline accepts. Core code reaches connectors only through this list.
 * Order matters for file recognition: `communes_psad` must not be taken for another prefix, and the
 * referential is read first so that later stages can rely on it.
 */
export const connectors: readonly Connector[] = [
  communesPsadConnector,
  sygneConnector,
  agriConnector,
  imiloConnector,
  decaConnector,
  suiviConnector,
  decisionsConnector,
];

export const SOURCE_NAMES: readonly SourceName[] = connectors.map((c) => c.source);

export function connectorFor(source: SourceName): Connector {
  const c = connectors.find((x) => x.source === source);
  if (!c) throw new Error(`no connector for source ${source}`);
  return c;
}

/** The connector whose prefix a file name starts with (case-insensitive), `.csv` files only. */
export function connectorForFile(fileName: string): Connector | undefined {
  const lower = fileName.toLowerCase();
  if (!lower.endsWith('.csv')) return undefined;
  return connectors.find((c) => lower.startsWith(c.filePrefix));
}
