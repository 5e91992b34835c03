/**
 * The CLI's list of commands (src/cli/program.ts, issue 13): `forecare --help` is built from each
 * command's line there, with no command module loaded, so it must be the help that registering every
 * module gives, byte for byte; and a command asked for is its module's own command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgram, buildProgramFor } from '../../src/cli/program.ts';

test('forecare --help from the list of commands is the help of the program with every module loaded', async () => {
  const full = await buildProgram();
  for (const args of [['--help'], [], ['help'], ['no-such-command']]) {
    const light = await buildProgramFor(args);
    assert.equal(light.helpInformation(), full.helpInformation(), args.join(' '));
    assert.deepEqual(
      light.commands.map((c) => c.name()),
      full.commands.map((c) => c.name()),
    );
  }
});

test('a command asked for (or its help) is registered from its own module, as in the full program', async () => {
  const full = await buildProgram();
  for (const command of full.commands) {
    for (const args of [
      [command.name(), '--help'],
      ['help', command.name()],
    ]) {
      const program = await buildProgramFor(args);
      const mine = program.commands.find((c) => c.name() === command.name());
      assert.ok(mine, args.join(' '));
      assert.equal(mine.helpInformation(), command.helpInformation(), args.join(' '));
      assert.deepEqual(
        mine.commands.map((c) => c.helpInformation()),
        command.commands.map((c) => c.helpInformation()),
      );
    }
  }
});
