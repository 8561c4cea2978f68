import { Option } from 'commander';
import type { Command } from 'commander';
import { LESSON_STATES } from '@gradata/core';
import type { Lesson, LessonState } from '@gradata/core';
import { brainDir, openLocalBrain, withBrain } from '../context';
import { fixed2, note, printJson, println, table } from '../output';
import { nonNegativeInt, positiveInt } from '../parse';

/** Lessons as aligned columns. */
export function lessonTable(lessons: readonly Lesson[], indent = ''): string[] {
  return table(
    lessons,
    [
      { header: 'ID', value: (l) => l.id, align: 'right' },
      { header: 'STATE', value: (l) => l.state },
      { header: 'CATEGORY', value: (l) => l.category },
      { header: 'CONF', value: (l) => fixed2(l.confidence), align: 'right' },
      { header: 'FIRES', value: (l) => l.fireCount, align: 'right' },
      { header: 'DESCRIPTION', value: (l) => l.description, max: 72 },
    ],
    indent,
  );
}

/** Rows per page of `gradata lessons` (the API's default page is larger; a terminal wants less). */
const CLI_PAGE = 100;

interface LessonsCommandOptions {
  state?: LessonState;
  limit: number;
  after?: number;
  json?: boolean;
}

/** `gradata lessons`: what the brain has learned, a page at a time. */
export function registerLessons(program: Command): void {
  program
    .command('lessons')
    .description(`list learned lessons, oldest first, ${CLI_PAGE} per page (--after <id> for the next page)`)
    .addOption(new Option('--state <state>', 'only lessons in this state').choices(LESSON_STATES))
    .option('--limit <n>', 'at most this many lessons (up to 10000)', positiveInt, CLI_PAGE)
    .option('--after <id>', 'only lessons after this id: the last id of the previous page', nonNegativeInt)
    .option('--json', 'print the lessons as JSON')
    .action(async (options: LessonsCommandOptions, command: Command) => {
      const lessons = await withBrain(openLocalBrain(brainDir(command)), (brain) =>
        brain.lessons({ state: options.state, limit: options.limit, afterId: options.after }),
      );
      if (options.json) return printJson(lessons);
      if (lessons.length === 0) return println(options.state ? `No ${options.state} lessons.` : 'No lessons yet.');
      println(...lessonTable(lessons));
      // A full page may have more behind it: say how to read on (stderr, so a pipe sees only the table).
      if (lessons.length === options.limit) note(`more may follow: gradata lessons --after ${lessons[lessons.length - 1].id}`);
    });
}
