import type { RJSFValidationError } from '@rjsf/utils';

const formatWords: Record<string, string> = {
  date: 'Enter a date',
  'date-time': 'Enter a date and time',
  time: 'Enter a time',
  email: 'Enter an email address',
  uri: 'Enter a URL',
};

/** A short message below the field, for the errors users meet most; ajv's own for the rest. */
function shortMessage(error: RJSFValidationError): string | undefined {
  const params = error.params ?? {};
  switch (error.name) {
    case 'required':
      return 'Required';
    case 'minimum':
      return `At least ${params.limit}`;
    case 'maximum':
      return `At most ${params.limit}`;
    case 'exclusiveMinimum':
      return `More than ${params.limit}`;
    case 'exclusiveMaximum':
      return `Less than ${params.limit}`;
    case 'minLength':
      return `At least ${params.limit} characters`;
    case 'maxLength':
      return `At most ${params.limit} characters`;
    case 'pattern':
      return `Must match ${params.pattern}`;
    case 'format':
      return formatWords[params.format];
    case 'type':
      if (params.type === 'integer') return 'Enter a whole number';
      if (params.type === 'number') return 'Enter a number';
      return undefined;
    default:
      return undefined;
  }
}

/** ajv's messages ("must be >= 1") in the words of the form ("At least 1"). */
export function shortenParamErrors(
  errors: RJSFValidationError[],
): RJSFValidationError[] {
  return errors.map(error => {
    const message = shortMessage(error);
    return message
      ? { ...error, message, stack: `${error.property ?? ''} ${message}` }
      : error;
  });
}
