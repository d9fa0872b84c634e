// `sluice init [dir]`: scaffolds a project (config, an example pipeline with its contract and data, a test).
import type { Command } from 'commander';
import { initProject } from '../init/init-project';
import { sluiceManifest } from '../init/sluice-manifest';
import { emit } from '../output';

interface InitFlags {
  force?: boolean;
  sluice?: string;
  json?: boolean;
}

export function registerInitCommand(program: Command): void {
  program
    .command('init [dir]')
    .description('create a Sluice project in dir (default: here): config, an example pipeline, a test')
    .option('--force', 'write into a non-empty folder, replacing files with the same names')
    .option(
      '--sluice <spec>',
      "how package.json depends on Sluice (a version, a tarball, a folder); default: this Sluice's version",
    )
    .option('--json', 'print one JSON document')
    .action(async (dir: string | undefined, flags: InitFlags) => {
      const result = await initProject({
        dir: dir ?? '.',
        force: Boolean(flags.force),
        ...(flags.sluice ? { sluice: flags.sluice } : {}),
        cwd: process.cwd(),
        manifest: sluiceManifest(),
      });
      const replaced = new Set(result.replaced);
      emit(flags, result, () =>
        [
          `Created a Sluice project in ${result.dir}:`,
          ...result.files.map((file) => `  ${file}${replaced.has(file) ? ' (replaced)' : ''}`),
          '',
          'Next:',
          ...result.next.map((command) => `  ${command}`),
        ].join('\n'),
      );
    });
}
