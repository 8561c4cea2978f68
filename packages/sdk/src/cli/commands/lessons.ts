import { Option } from 'commander';
import type { Command } from 'commander';
import { LESSON_STATES } from '@gradata/core';
import type { Lesson, LessonState } from '@gradata/core';
import { brainDir, openLocalBrain, withBrain } from '../context';
import { fixed2, printJson, println, table } from '../output';

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

/** `gradata lessons`: what the brain has learned. */
export function registerLessons(program: Command): void {
  program
    .command('lessons')
    .description('list learned lessons, oldest first')
    .addOption(new Option('--state <state>', 'only lessons in this state').choices(LESSON_STATES))
    .option('--json', 'print the lessons as JSON')
    .action(async (options: { state?: LessonState; json?: boolean }, command: Command) => {
      const lessons = await withBrain(openLocalBrain(brainDir(command)), (brain) => brain.lessons({ state: options.state }));
      if (options.json) return printJson(lessons);
      if (lessons.length === 0) return println(options.state ? `No ${options.state} lessons.` : 'No lessons yet.');
      println(...lessonTable(lessons));
    });
}
