/** `node|device settags` and `rmtags` (aliases deltags, removetags), shared by both resources. */
import type { Command } from 'commander';
import type { TagsChangeRequest } from '../../client/types.js';
import { CliError, parseTagArgs } from '../context.js';

type Submit = (cmd: Command, id: string, request: TagsChangeRequest) => Promise<unknown>;

export function addTagCommands(parent: Command, noun: string, submit: Submit): void {
  parent
    .command('settags')
    .usage(`[${noun}_id] tag1:value1 tag2:value2...`)
    .description(`Sets tags on a ${noun}`)
    .argument('[args...]')
    .option('-e, --exact', 'Overwrite all existing tags with the given tags')
    .action(async (args: string[], opts: { exact?: boolean }, cmd: Command) => {
      if (args.length < 1) throw new CliError('id required');
      if (args.length < 2) throw new CliError('at least one tag:value pair expected');
      const tags = parseTagArgs(args.slice(1));
      await submit(cmd, args[0]!, { tags, change_type: opts.exact ? 'set' : 'update' });
    });
  parent
    .command('rmtags')
    .aliases(['deltags', 'removetags'])
    .usage(`[${noun}_id] tag1 tag2...`)
    .description(`Removes tags from a ${noun}`)
    .argument('[args...]')
    .option('--all', 'Remove all tags')
    .action(async (args: string[], opts: { all?: boolean }, cmd: Command) => {
      if (args.length < 1) throw new CliError('id required');
      if (args.length < 2 && !opts.all) throw new CliError('at least one tag expected');
      if (args.length >= 2 && opts.all) throw new CliError('--all may not be combined with named tags');
      const tags = Object.fromEntries(args.slice(1).map((k) => [k, '']));
      await submit(cmd, args[0]!, { tags, change_type: opts.all ? 'set' : 'delete' });
    });
}
