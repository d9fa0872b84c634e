// Fills {{partition}}, {{watermark}} and {{params.<name>}} in an HTTP source's url and query parameters.
import { PLACEHOLDER_PATTERN, placeholderTarget } from '../../../core/fetch/source-placeholders';
import { HttpSourceError } from './http-source-error';

export interface TemplateValues {
  partition?: string;
  watermark?: string;
  params: Record<string, string>;
}

/**
 * `text` with its placeholders filled (each value passed through `encode`), or undefined when it uses
 * {{watermark}} and there is none yet. `field` names the spec field in errors.
 */
export function renderTemplate(
  field: string,
  text: string,
  values: TemplateValues,
  encode: (value: string) => string = (value) => value,
): string | undefined {
  let waitsForWatermark = false;
  const rendered = text.replace(PLACEHOLDER_PATTERN, (whole: string, name: string) => {
    const target = placeholderTarget(name);
    if (!target) {
      throw new HttpSourceError(
        `${field} uses unknown placeholder ${whole}`,
        'Use {{partition}}, {{watermark}} or {{params.<name>}} in the source, then start a new run',
      );
    }
    if (target.kind === 'watermark') {
      if (values.watermark === undefined) waitsForWatermark = true;
      return encode(values.watermark ?? '');
    }
    if (target.kind === 'partition') {
      if (values.partition === undefined) {
        throw new HttpSourceError(
          `${field} uses {{partition}} but this run has no partition`,
          'Start the run for a partition',
        );
      }
      return encode(values.partition);
    }
    if (!Object.hasOwn(values.params, target.param)) {
      throw new HttpSourceError(
        `${field} uses ${whole} but the run has no param "${target.param}"`,
        `Start the run with the param ${target.param}`,
      );
    }
    return encode(values.params[target.param] as string);
  });
  return waitsForWatermark ? undefined : rendered;
}
