// The values bound to a postgres source's $1, $2, …: its params with their placeholders filled.
import type { PostgresSource } from '../../../core/fetch/source-spec';
import { renderTemplate, type TemplateValues } from '../http/render-template';
import { PostgresSourceError } from './postgres-source-error';

/** One value per entry of source.params; they travel as bound parameters, never as SQL text. */
export function queryValues(source: PostgresSource, values: TemplateValues): string[] {
  return (source.params ?? []).map((template, i) => {
    const value = renderTemplate(`source.params[${i}]`, template, values);
    if (value === undefined) {
      throw new PostgresSourceError(
        `source.params[${i}] uses {{watermark}} but there is no watermark yet`,
        "Set the step's incremental.initial, then start a new run",
      );
    }
    return value;
  });
}
