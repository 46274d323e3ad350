import type { AirflowDagParam } from '@airflow-portal/plugin-airflow-common';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef, useState } from 'react';
import { ParamsForm, ParamsFormHandle } from './ParamsForm';
import {
  formDataOf,
  paramDefaults,
  ParamsFormData,
  paramsFormModel,
  paramValuesOf,
} from './paramsFormModel';

const params: Record<string, AirflowDagParam> = {
  code: {
    value: `${'a'.repeat(40)}!`,
    schema: { type: 'string', pattern: '^(a+)+$' },
  },
  region: { value: 'eu', schema: { type: 'string', enum: ['eu', 'us'] } },
  options: { value: { deep: true }, schema: { type: 'object' } },
  day: { value: null, schema: { type: ['null', 'string'], format: 'date' } },
};
const model = paramsFormModel(params);

function Host(props: {
  handle: React.Ref<ParamsFormHandle>;
  onData: (data: ParamsFormData) => void;
}) {
  const [formData, setFormData] = useState(() =>
    formDataOf(model, paramDefaults(params)),
  );
  return (
    <ParamsForm
      ref={props.handle}
      model={model}
      formData={formData}
      onChange={data => {
        setFormData(data);
        props.onData(data);
      }}
    />
  );
}

describe('ParamsForm', () => {
  it('validates against the params’ schema without hanging on their patterns', async () => {
    const handle = createRef<ParamsFormHandle>();
    let data: ParamsFormData = formDataOf(model, paramDefaults(params));
    render(<Host handle={handle} onData={next => (data = next)} />);

    expect(screen.getByRole('combobox')).toHaveTextContent('eu');
    const options = screen.getByLabelText(/options/);
    expect(options).toHaveValue('{\n  "deep": true\n}');

    await userEvent.clear(options);
    await userEvent.type(options, 'not json');
    let valid = true;
    act(() => {
      valid = handle.current!.validate();
    });
    expect(valid).toBe(false);
    expect(screen.getByText('Must match ^(a+)+$')).toBeInTheDocument();
    expect(screen.getByText(/^Invalid JSON/)).toBeInTheDocument();

    const code = screen.getByLabelText(/code/);
    await userEvent.clear(code);
    await userEvent.type(code, 'aaa');
    await userEvent.clear(options);
    await userEvent.type(options, '[[1, 2]');
    act(() => {
      valid = handle.current!.validate();
    });
    expect(valid).toBe(true);
    expect(paramValuesOf(model, data)).toEqual({
      code: 'aaa',
      region: 'eu',
      options: [1, 2],
      day: null,
    });
  });

  it('offers the values of an enum', async () => {
    render(<Host handle={createRef()} onData={() => {}} />);
    await userEvent.click(screen.getByRole('combobox'));
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual(expect.arrayContaining(['eu', 'us']));
  });
});
