// Prints the CHANGELOG.md section of one version (Keep a Changelog: `## [X.Y.Z] - YYYY-MM-DD`), without its heading,
// for the GitHub release of tag vX.Y.Z. Exits 1, saying why, when the section is missing, undated or empty, so a tag
// cannot be released without its notes.
//   node scripts/release-notes.mjs 1.2.0 [CHANGELOG.md]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export function releaseNotes(changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const heading = new RegExp(`^## \\[${escaped}\\](?:\\s+-\\s+(\\d{4}-\\d{2}-\\d{2}))?\\s*$`);
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) throw new Error(`CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD"`);
  if (!heading.exec(lines[start])[1]) throw new Error(`CHANGELOG.md: the section of ${version} has no date ("## [${version}] - YYYY-MM-DD")`);
  let end = lines.findIndex((l, i) => i > start && (/^## /.test(l) || /^\[[^\]]+\]:\s/.test(l)));
  if (end < 0) end = lines.length;
  const body = lines.slice(start + 1, end).join('\n').trim();
  if (!body) throw new Error(`CHANGELOG.md: the section of ${version} is empty`);
  return `${body}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2);
  if (!version || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version.replace(/^v/, ''))) {
    process.stderr.write('usage: node scripts/release-notes.mjs X.Y.Z [CHANGELOG.md]\n');
    process.exit(2);
  }
  try {
    process.stdout.write(releaseNotes(readFileSync(file, 'utf8'), version.replace(/^v/, '')));
  } catch (err) {
    process.stderr.write(`release-notes: ${err.message}\n`);
    process.exit(1);
  }
}
