// Every text the tests have (fixtures, the bundled corpus, the example draft), for tests that
// compare a fast path with a reference on as many real texts as there are.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** The contents of every file under the fixtures, the corpus and the examples whose name matches `names`. */
export function textsOfTheTests(names: RegExp): string[] {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (names.test(f.name)) texts.push(fs.readFileSync(p, 'utf8'));
    }
  };
  for (const dir of ['test/fixtures', 'corpus', 'examples']) walk(path.join(ROOT, dir));
  return texts;
}
