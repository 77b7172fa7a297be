/**
 * Jaro-Winkler similarity, the `jaro-winkler` package's algorithm (0.2.8) step for step, so that every
 * score is the package's to the last bit (a property test compares the two on generated strings).
 *
 * Why not the package itself: the matcher calls it tens of millions of times (a first-name comparison
 * may ask for one pair several times), and each call allocates an options object and two arrays of
 * flags; on Hauts-de-France it was the largest single cost of matching. Here the flags live in two
 * reused byte arrays and characters are read as code units: no allocation per call. A cache of scores
 * by name pair was tried first and was slower than the library (two string-keyed maps, millions of pairs).
 */
let flags1 = new Uint8Array(64);
let flags2 = new Uint8Array(64);

export function jaroWinkler(s1: string, s2: string): number {
  const n1 = s1.length;
  const n2 = s2.length;
  if (n1 === 0 || n2 === 0) return 0;
  if (s1 === s2) return 1;
  if (n1 > flags1.length) flags1 = new Uint8Array(2 * n1);
  if (n2 > flags2.length) flags2 = new Uint8Array(2 * n2);
  const f1 = flags1.fill(0, 0, n1);
  const f2 = flags2.fill(0, 0, n2);
  const range = Math.floor(Math.max(n1, n2) / 2) - 1;
  let m = 0;
  for (let i = 0; i < n1; i++) {
    const low = i >= range ? i - range : 0;
    const high = i + range <= n2 - 1 ? i + range : n2 - 1;
    const c = s1.charCodeAt(i);
    for (let j = low; j <= high; j++) {
      if (f1[i] !== 1 && f2[j] !== 1 && c === s2.charCodeAt(j)) {
        ++m;
        f1[i] = f2[j] = 1;
        break;
      }
    }
  }
  if (m === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < n1; i++) {
    if (f1[i] !== 1) continue;
    let j = k;
    for (; j < n2; j++) {
      if (f2[j] === 1) {
        k = j + 1;
        break;
      }
    }
    // Past the end the package compares with `undefined`: a difference, as NaN gives here.
    if (s1.charCodeAt(i) !== s2.charCodeAt(j)) ++transpositions;
  }
  let weight = (m / n1 + m / n2 + (m - transpositions / 2) / m) / 3;
  if (weight > 0.7) {
    let l = 0;
    while (l < 4 && s1.charCodeAt(l) === s2.charCodeAt(l)) ++l;
    weight = weight + l * 0.1 * (1 - weight);
  }
  return weight;
}
