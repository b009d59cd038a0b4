// SPDX-License-Identifier: Apache-2.0
// The console's message catalogue: both languages have the same keys and
// no empty sentence, every literal key the pages pass to t() exists, and
// every error code of docs/protocol.md has a sentence (so a refusal is
// never shown raw). Usage: node catalogue_check.mjs <source dir>
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const source = process.argv[2];
const web = join(source, 'clients/console/web');
const problems = [];
const catalogues = Object.fromEntries(['id', 'en'].map((language) =>
  [language, JSON.parse(readFileSync(join(web, 'messages', `${language}.json`), 'utf8'))]));

for (const [language, other] of [['id', 'en'], ['en', 'id']]) {
  for (const [key, text] of Object.entries(catalogues[language])) {
    if (!(key in catalogues[other])) problems.push(`${key} is in ${language}.json but not in ${other}.json`);
    if (typeof text !== 'string' || text.trim() === '') problems.push(`${language}.json: ${key} is empty`);
  }
}

const scripts = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) walk(join(dir, entry.name));
    else if (entry.name.endsWith('.js')) scripts.push(join(dir, entry.name));
  }
};
walk(join(web, 'js'));
let literalKeys = 0;
for (const file of scripts) {
  const text = readFileSync(file, 'utf8');
  // t('a.b') and lists of keys handed to t(): any quoted dotted word that looks like a catalogue id.
  for (const match of text.matchAll(/\bt\(\s*'([a-z0-9_.]+)'/g)) {
    literalKeys++;
    if (!(match[1] in catalogues.id)) problems.push(`${file}: t('${match[1]}') has no sentence`);
  }
  for (const match of text.matchAll(/'((?:device|counter|report|printer|step)\.column\.[a-z_]+|counter\.queue\.[a-z_]+)'/g)) {
    if (!(match[1] in catalogues.id)) problems.push(`${file}: '${match[1]}' has no sentence`);
  }
}

const protocol = readFileSync(join(source, 'docs/protocol.md'), 'utf8');
const errors = protocol.slice(protocol.indexOf('## Errors'), protocol.indexOf('## Limits'));
for (const match of errors.matchAll(/^\| `([a-z_]+)` \|/gm)) {
  if (!(`error.${match[1]}` in catalogues.id)) problems.push(`error code ${match[1]} has no sentence`);
}

if (problems.length) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log(`catalogue ok: ${Object.keys(catalogues.id).length} keys in each language, ${literalKeys} literal keys in ${scripts.length} scripts`);
