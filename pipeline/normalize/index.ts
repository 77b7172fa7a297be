export { foldToAscii } from './fold.js';
export { repairMojibake } from './mojibake.js';
export { normalizeName, normalizeFirstNames, normalizeSex, NAME_PARTICLES, type NormalizedName, type NormalizedFirstNames, type Sex } from './names.js';
export { phonetic } from './phonetic.js';
export { parseDate, isoToFrench, type DateParse } from './dates.js';
export { checkIne, checkUai, ineKey, uaiKey, KEY_ALPHABET, type IneType, type IneCheck, type UaiCheck } from './identifiers.js';
export { recordIdKey, unwrapSpreadsheetText, isScientificNotation } from './record-id.js';
