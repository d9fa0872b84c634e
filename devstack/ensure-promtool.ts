// Makes sure promtool is available for the alert-rule tests, building it once into the cache; never fails the suite.
import { goInstall } from './go-install';
import { isExecutable } from './is-executable';
import { findPromtool, PROMTOOL, promtoolCacheBin } from './promtool-binary';

const say = (message: string) => process.stdout.write(`${message}\n`);

async function ensure(): Promise<string> {
  const found = findPromtool(process.env, isExecutable);
  if (found) return found;
  const gobin = promtoolCacheBin(process.env);
  say(
    `Building promtool ${PROMTOOL.version} with \`go install\` into ${gobin}. ` +
      'This happens once per machine and takes several minutes; later runs reuse it.',
  );
  await goInstall(PROMTOOL, gobin, say);
  return `${gobin}/promtool`;
}

ensure()
  .then((file) => say(`promtool: ${file}`))
  .catch((err: unknown) =>
    say(
      `promtool unavailable (${(err as Error).message}); tests/unit/alert-rules.test.ts skips promtool ` +
        'and checks the rules against a real scrape only (tests/e2e/sluice-metrics.test.ts)',
    ),
  );
