import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connector, SourceName } from '../../connectors/connector.js';
import { connectorForFile, connectors } from '../../connectors/registry.js';
import { SourceError } from '../errors.js';

export interface InputFileRef {
  path: string;
  name: string;
  connector: Connector;
}

export interface DiscoveredInputs {
  files: InputFileRef[];
  /** Files of the folder that no connector recognises (reported, not read). */
  unrecognised: string[];
  /** Optional sources with no file (reported, not fatal). */
  missingOptional: SourceName[];
  /** Required sources with no file: the run cannot go on (exit 3). */
  missingRequired: SourceError[];
}

/** Recognises the extracts of the input folder by file-name prefix (RUN.md), in a stable order. */
export async function discoverInputs(inputDir: string, only: readonly string[] | null): Promise<DiscoveredInputs> {
  let names: string[];
  try {
    if (!(await stat(inputDir)).isDirectory()) throw new Error('not a directory');
    names = (await readdir(inputDir)).sort();
  } catch {
    throw new SourceError(
      'INPUT_DIR_MISSING',
      `Input folder ${inputDir} does not exist or is not a folder: check --input (it must hold sygne*.csv, imilo*.csv, deca*.csv, communes_psad*.csv…)`,
      { file: inputDir },
    );
  }
  const files: InputFileRef[] = [];
  const unrecognised: string[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const connector = connectorForFile(name);
    if (!connector) unrecognised.push(name);
    else if (!only || only.includes(connector.source)) files.push({ path: join(inputDir, name), name, connector });
  }
  const order = (c: Connector) => connectors.indexOf(c);
  files.sort((a, b) => order(a.connector) - order(b.connector) || a.name.localeCompare(b.name));

  const present = new Set(files.map((f) => f.connector.source));
  const wanted = connectors.filter((c) => !only || only.includes(c.source));
  const missingRequired = wanted
    .filter((c) => c.requiredSource && !present.has(c.source))
    .map(
      (c) =>
        new SourceError('SOURCE_MISSING', `Required source ${c.source} is missing: no ${c.filePrefix}*.csv file in ${inputDir}`, {
          source: c.source,
          file: inputDir,
        }),
    );
  const missingOptional = wanted.filter((c) => !c.requiredSource && !present.has(c.source)).map((c) => c.source);
  return { files, unrecognised, missingOptional, missingRequired };
}
