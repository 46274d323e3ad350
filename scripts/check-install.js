#!/usr/bin/env node
/*
 * Checks that node_modules holds what Yarn recorded in
 * node_modules/.yarn-state.yml: every package folder has its package.json, and every file a
 * project patch (.yarn/patches) changes carries the patch's added lines.
 *
 * Yarn's node-modules linker re-links only what differs between the lockfile
 * and that state file; it does not look at the folders themselves. A
 * node_modules copied from an older install, or changed by hand, while the
 * state file says it is current, therefore stays wrong through any number of
 * `yarn install` runs (a package added later is missing, a patch is not
 * applied). Removing the state file makes the next install re-link all.
 *
 * Exits 1 with the fix when something is missing, 0 otherwise.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const statePath = path.join(root, 'node_modules', '.yarn-state.yml');

function fail(problems) {
  console.error(
    `node_modules does not match ${path.relative(root, statePath)}:\n` +
      problems
        .slice(0, 20)
        .map(p => `  - ${p}`)
        .join('\n') +
      (problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '') +
      '\nYarn re-links only what its state file says changed. Fix:\n' +
      '  rm node_modules/.yarn-state.yml && yarn install',
  );
  process.exit(1);
}

if (!fs.existsSync(statePath)) {
  fail(['the state file is missing: run yarn install']);
}

/** Entries of the state file: key → folder locations under the repository. */
function readState() {
  const entries = new Map();
  let key;
  let inLocations = false;
  for (const line of fs.readFileSync(statePath, 'utf8').split('\n')) {
    if (/^"/.test(line)) {
      key = line.slice(1, line.lastIndexOf('"'));
      entries.set(key, []);
      inLocations = false;
    } else if (/^ {2}locations:/.test(line)) {
      inLocations = true;
    } else if (/^ {2}\S/.test(line)) {
      inLocations = false;
    } else if (inLocations && key) {
      const match = /^ {4}- "(.*)"$/.exec(line);
      if (match) entries.get(key).push(match[1]);
    }
  }
  return entries;
}

/** Files a patch changes, each with the lines it adds. */
function addedLinesByFile(patchPath) {
  const files = new Map();
  let current;
  for (const line of fs.readFileSync(patchPath, 'utf8').split('\n')) {
    const header = /^diff --git a\/(\S+) b\/\S+/.exec(line);
    if (header) {
      current = [];
      files.set(header[1], current);
    } else if (current && line.startsWith('+') && !line.startsWith('+++')) {
      const added = line.slice(1).trim();
      if (added) current.push(added);
    }
  }
  return files;
}

const problems = [];
for (const [key, locations] of readState()) {
  for (const location of locations) {
    const folder = path.join(root, location);
    // A folder left with only its nested node_modules has no package.json.
    if (!fs.existsSync(path.join(folder, 'package.json'))) {
      problems.push(`${location} is missing (${key.split('@npm')[0]})`);
      continue;
    }
    const patch = /#~\/(\.yarn\/patches\/[^:]+\.patch)/.exec(key);
    if (!patch) continue;
    for (const [file, added] of addedLinesByFile(path.join(root, patch[1]))) {
      const target = path.join(folder, file);
      const text = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
      if (added.some(line => !text.includes(line))) {
        problems.push(`${location}/${file} lacks ${patch[1]}`);
      }
    }
  }
}
if (problems.length) fail(problems);
