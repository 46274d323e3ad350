import Form from '@rjsf/core';
import { Theme } from '@rjsf/mui';
import type { CustomValidator } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { forwardRef, useCallback, useImperativeHandle, useRef } from 'react';
import { linearTimeRegExp } from './linearTimeRegExp';
import { shortenParamErrors } from './paramErrors';
import {
  jsonTextError,
  ParamsFormData,
  ParamsFormModel,
} from './paramsFormModel';

/** One validator for every form: it caches each schema it compiled. */
const validator = customizeValidator({
  ajvOptionsOverrides: {
    code: { regExp: linearTimeRegExp },
    // Airflow's own keywords and formats (`values_display`, `multiline`) are not errors.
    logger: false,
  },
});

const ignoreErrorList = () => {};

export interface ParamsFormHandle {
  /** Shows each field's errors; true when there are none. */
  validate(): boolean;
}

/**
 * A form for Airflow params, generated from their JSON schema by
 * react-jsonschema-form with its MUI theme: required fields, enums as selects,
 * dates and date-times as pickers, lists, and JSON text for free-form values.
 * The host's own button submits: it calls `validate()` through the ref.
 */
export const ParamsForm = forwardRef<
  ParamsFormHandle,
  {
    model: ParamsFormModel;
    formData: ParamsFormData;
    onChange: (formData: ParamsFormData) => void;
    disabled?: boolean;
  }
>(function ParamsFormFields(props, ref) {
  const { model, formData, onChange, disabled } = props;
  const form = useRef<Form>(null);
  useImperativeHandle(
    ref,
    () => ({ validate: () => form.current?.validateForm() ?? false }),
    [],
  );
  const checkJsonText = useCallback<CustomValidator>(
    (data, errors) => {
      for (const name of model.jsonText) {
        const error = jsonTextError(data?.[name]);
        if (error) errors[name]?.addError(error);
      }
      return errors;
    },
    [model],
  );

  return (
    <Form
      ref={form}
      schema={model.schema}
      uiSchema={model.uiSchema}
      formData={formData}
      onChange={event => onChange(event.formData ?? {})}
      validator={validator}
      templates={Theme.templates}
      widgets={Theme.widgets}
      customValidate={checkJsonText}
      transformErrors={shortenParamErrors}
      // Errors show below their fields; without a handler the library logs them.
      onError={ignoreErrorList}
      showErrorList={false}
      noHtml5Validate
      focusOnFirstError
      disabled={disabled}
    />
  );
});
