#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { formatISO } from 'date-fns/formatISO';
import { normalizeConfig, normalizePurgeConfig, DEFAULTS, type RawConfig } from './config.js';
import { parametersHelp } from './config-parameters.js';
import { CONFIG_KEYS, FILE_KEYS, configFromEnv, configFromFile, envName, mergeRawConfig } from './config-sources.js';
import { dryRunPipeline, dryRunSummary } from './dry-run.js';
import { DEFAULT_MATCHER_SETTINGS } from './matcher/settings.js';
import { createProgress } from './progress/terminal-progress.js';
import { purgeDatabase, purgeReport } from './purge/purge.js';
import { EXIT, SieiError, formatLocation, type ExitCode } from './errors.js';
import { createLog } from './log.js';
import { explain } from './explain.js';
import { runPipeline } from './run.js';
import { PACKAGE_VERSION } from './version.js';

/**
 * The `siei` command. Every command and flag is declared here, and this is the only file that calls
 * process.exit: everything below returns outcomes or throws typed errors (pipeline/errors.ts).
 */

const CONFIG_HELP = `
Configuration, lowest precedence first: a JSON file (--config or SIEI_CONFIG), then environment
variables, then flags, key by key. --dry-run is a flag only.
${wrap(`File keys: ${FILE_KEYS.join(', ')}.`, 100, '  ')}
${wrap(`Environment variables: ${CONFIG_KEYS.map(envName).join(', ')}.`, 100, '  ')}

The file's sections, each partial and merged over these defaults (unknown keys are errors):
${parametersHelp()}
`;

const PURGE_HELP = `
Retention periods, from the configuration file's "retention" section (--config or SIEI_CONFIG):
${parametersHelp(['retention'])}

Deletes, in one transaction under the run lock, then VACUUMs: campaign results of old runs (their
key figures stay for the trend), input files no run has used since the cutoff with all their rows,
the quarantine of files unused since the cutoff, old follow-up situations, I-Milo records of people
past the age, and NUMERO_SIEI with no school record and no result left. Prints the rows per table.

Examples:
  siei purge --db out/siei.db --dry-run
  siei purge --config siei.json --as-of 2026-01-01
`;

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  internal error (a bug: please report it with the log)
  2  usage or configuration error (a flag is missing or invalid, or another run holds the database)
  3  an input source is unusable (input folder or required source missing, file empty, unreadable or
     binary, required column missing, required source with no usable row)
  4  quarantined rows above the allowed rate in at least one file (see quarantine.csv)

Inputs (in --input, file names matched case-insensitively, several files per source allowed):
  sygne*.csv  imilo*.csv  deca*.csv  communes_psad*.csv   required
  agri*.csv   suivi*.csv                                  optional (reported when absent)
  decisions*.csv                                          optional: review.csv with DECISION filled in
                                                          (OUI/NON), kept in the database for later runs

Outputs (in --out, each written atomically):
  key-figures.json    the key figures (OF compliance rate, non retrouvés per PSAD, trend; schema in
                      reports/schemas/), no personal data
  non-retrouves/      one list per PSAD, NON_DETERMINE.csv for residences without one (names: owner-only)
  par-psad/           with --psad-folders: <CODE_PSAD>/non-retrouves_<CODE_PSAD>.csv, one folder per PSAD
  review.csv          records the matcher could not decide on: fill DECISION (OUI/NON), save as
                      decisions_….csv in the input folder (names: owner-only)
  rapport.html        this run's report in French, opens offline (file://), no personal data
  rapports/           every run's report (<as-of>_<run id>.html) and index.html, the runs of the database
  run.json            the run's manifest: inputs with content hashes, counts, timings, matcher summary, errors
  quarantine.csv      every rejected row: source, file, line, code, field, message, row as read
  avertissements.csv  kept rows whose optional field was invalid and left empty
  siei.db             the database (unless --db), kept across runs

Progress bars are drawn on stderr only when it is a terminal and logs are text (never under cron
or with --log-format json).

Examples:
  siei run --input extracts/2025-01 --as-of 2025-01-15 --out out/2025-01
  siei run --input extracts/2025-01 --as-of 2025-01-15 --out out/2025-01 --dry-run
  siei run --input extracts/2025-01 --as-of 2025-01-15 --out out/psad5901 --psad PSAD5901
  siei explain S7KQ2M9XH4T --out out/2025-01
  siei purge --db out/2025-01/siei.db --dry-run
  siei run --input extracts/2025-01 --as-of 2025-01-15 --out out/2025-01 --log-format json
`;

function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command()
    .name('siei')
    .description('Find the young people "non retrouvés" (SIEI/RIO) from school, apprenticeship and mission locale extracts.')
    .version(PACKAGE_VERSION, '-V, --version')
    .showHelpAfterError('(run `siei --help` or `siei run --help` for the list of options)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride();

  program
    .command('run')
    .description('ingest the extracts of --input and write the reports of the campaign date --as-of into --out')
    .option('--input <dir>', 'folder holding the extracts (sygne*.csv, imilo*.csv, deca*.csv, communes_psad*.csv, agri*.csv, suivi*.csv, decisions*.csv); required')
    .option('--as-of <date>', 'campaign date, AAAA-MM-JJ; required')
    .option('--out <dir>', 'folder the reports are written to (created if needed); required')
    .option('--config <file>', 'JSON file of options (keys below); also SIEI_CONFIG')
    .option('--db <file>', 'database file, kept across runs (default: <out>/siei.db)')
    .option('--sources <list>', 'read only these sources, comma-separated (e.g. sygne,deca)')
    .option('--psad <codes>', 'write only these PSADs\' lists (comma-separated codes of the communes_psad referential, or NON_DETERMINE); the campaign and the key figures stay regional, key-figures.json says which filter applied')
    .option('--psad-folders', 'also write one folder per PSAD, par-psad/<CODE_PSAD>/non-retrouves_<CODE_PSAD>.csv, each holding only that territory\'s people, to hand over as is')
    .option('--dry-run', 'read and check every input, compute the campaign, print the summary on stdout, and write nothing (no report, no database change); same exit code as a real run')
    .option('--match-weight <w>', `matcher: link when the match weight is at least this (default: ${DEFAULT_MATCHER_SETTINGS.matchWeight})`)
    .option('--review-weight <w>', `matcher: records weighing at least this that do not link go to review.csv; below --match-weight (default: ${DEFAULT_MATCHER_SETTINGS.reviewWeight})`)
    .option('--min-margin <w>', `matcher: a link needs this much more weight than the next-best person (default: ${DEFAULT_MATCHER_SETTINGS.minMargin})`)
    .option('--max-quarantine-rate <rate>', `largest share of a file's rows that may be quarantined before exit 4 (default: ${DEFAULTS.maxQuarantineRate})`)
    .option('--two-digit-year-pivot <year>', 'dates written JJ/MM/AA: AA ≤ this year → 20AA, else 19AA (default: the --as-of year + 10)')
    .option('--log-format <format>', `logs on stderr: text for people, json for machines (default: ${DEFAULTS.logFormat})`)
    .option('--log-level <level>', `least severe log level shown: silent, error, warn, info, debug (default: ${DEFAULTS.logLevel})`)
    .addHelpText('after', CONFIG_HELP)
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (opts: Record<string, string | undefined> & { dryRun?: boolean }) => {
      const flags: RawConfig = {
        input: opts.input,
        asOf: opts.asOf,
        out: opts.out,
        db: opts.db,
        sources: opts.sources,
        psad: opts.psad,
        psadFolders: opts.psadFolders,
        maxQuarantineRate: opts.maxQuarantineRate,
        twoDigitYearPivot: opts.twoDigitYearPivot,
        matchWeight: opts.matchWeight,
        reviewWeight: opts.reviewWeight,
        minMargin: opts.minMargin,
        logFormat: opts.logFormat,
        logLevel: opts.logLevel,
        dryRun: opts.dryRun,
      };
      const config = normalizeConfig(rawConfig(opts.config, flags));
      const log = createLog(config.logFormat, config.logLevel);
      const progress = createProgress({ format: config.logFormat, level: config.logLevel });
      // The run's clock, read once here and passed in (STYLE.md, guideline 6).
      const now = new Date();
      const outcome = config.dryRun ? await dryRunPipeline(config, log, now, progress) : await runPipeline(config, log, now, progress);
      if (config.dryRun) process.stdout.write(dryRunSummary(config, outcome).join('\n') + '\n');
      for (const e of outcome.errors) printError(e);
      setExit(outcome.exitCode);
    });
  program
    .command('purge')
    .description('delete what the database keeps past its retention periods (configuration "retention"), then VACUUM')
    .option('--db <file>', 'the database to purge (or db in the configuration; default: <out>/siei.db when out is configured)')
    .option('--as-of <date>', 'the date the periods count back from, AAAA-MM-JJ (default: today)')
    .option('--config <file>', 'JSON file of options, whose "retention" section sets the periods; also SIEI_CONFIG')
    .option('--dry-run', 'count what would be deleted, delete nothing')
    .option('--log-format <format>', `logs on stderr: text or json (default: ${DEFAULTS.logFormat})`)
    .option('--log-level <level>', `silent, error, warn, info, debug (default: ${DEFAULTS.logLevel})`)
    .addHelpText('after', PURGE_HELP)
    .action(async (opts: Record<string, string | undefined> & { dryRun?: boolean }) => {
      const flags: RawConfig = { db: opts.db, asOf: opts.asOf, logFormat: opts.logFormat, logLevel: opts.logLevel, dryRun: opts.dryRun };
      // The local date (Europe/Paris on a French server), not UTC's, which is yesterday until 01:00.
      const today = formatISO(new Date(), { representation: 'date' });
      const config = normalizePurgeConfig(rawConfig(opts.config, flags), today);
      const result = await purgeDatabase(config, createLog(config.logFormat, config.logLevel));
      process.stdout.write(purgeReport(result).join('\n') + '\n');
      setExit(EXIT.ok);
    });
  program
    .command('explain')
    .description('show why a young person was or was not found: each candidate record, each field\'s level and weight, the total')
    .argument('<id>', 'NUMERO_SIEI (as printed on the lists) or INE')
    .requiredOption('--out <dir>', 'the folder of the run to explain (holds run.json)')
    .option('--db <file>', 'database file (default: <out>/siei.db)')
    .action(async (id: string, opts: { out: string; db?: string }) => {
      const known = await explain(id, opts.out, opts.db, (line) => process.stdout.write(line + '\n'));
      setExit(known ? EXIT.ok : EXIT.usage);
    });
  return program;
}

/** The file (flag, else SIEI_CONFIG), then the environment, then the flags (config-sources.ts). */
function rawConfig(configFlag: string | undefined, flags: RawConfig): RawConfig {
  const configFile = configFlag ?? process.env.SIEI_CONFIG;
  return mergeRawConfig(configFile ? configFromFile(configFile) : {}, configFromEnv(process.env), flags);
}

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

function printError(e: SieiError): void {
  const where = formatLocation(e.location);
  const text = e.message.startsWith(e.location.file ?? '\0') || !where ? e.message : `${where}: ${e.message}`;
  process.stderr.write(`siei: error ${e.code}: ${text.replace(/\n/g, '\n  ')}\n`);
}

async function main(argv: string[]): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const program = buildProgram((c) => (exitCode = c));
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; unknown options and missing values with 1 → 2.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof SieiError) {
      printError(e);
      return e.exitCode;
    }
    process.stderr.write(`siei: internal error (a bug, please report it with this output):\n${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}

// A reader that stops early (`siei --help | head`, `siei explain … | head`) closes stdout: what is
// left to print is dropped and the command ends as it would have, instead of dying on an unhandled
// EPIPE (exit 1 and a stack trace). Any other error writing to stdout is still thrown.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});
process.exitCode = await main(process.argv);
