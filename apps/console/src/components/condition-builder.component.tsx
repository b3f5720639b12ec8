import {
  conditionToModel,
  FIELDS,
  modelToCondition,
  type ConditionModel,
  type FieldName,
} from '../lib/rule-conditions';

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * A rule's condition as rows of field, operator and value joined by all/any, written into the
 * rule's JSON (the advanced view, kept beside it). A condition the rows cannot show (nesting,
 * `not`) is left to the JSON.
 */
export function ConditionBuilder({
  name,
  json,
  disabled,
  onChange,
}: {
  name: string;
  json: string;
  disabled: boolean;
  onChange: (json: string) => void;
}) {
  const model = conditionToModel(parse(json));
  if (!model)
    return (
      <p className="muted small" data-testid={`${name}-builder-off`}>
        This condition nests groups or uses “not”, or is not valid JSON: edit it as JSON below.
      </p>
    );
  const set = (next: ConditionModel) => onChange(JSON.stringify(modelToCondition(next), null, 2));
  return (
    <fieldset className="condition-rows" data-testid={`${name}-builder`} disabled={disabled}>
      <legend className="small">When</legend>
      {model.rows.length > 1 && (
        <label className="check">
          <select
            name={`${name}-combinator`}
            aria-label="Combine the conditions"
            value={model.combinator}
            onChange={(e) => set({ ...model, combinator: e.target.value as 'all' | 'any' })}
          >
            <option value="all">all of</option>
            <option value="any">any of</option>
          </select>
          these are true
        </label>
      )}
      {model.rows.map((row, i) => (
        <div className="row-fields" key={i}>
          <select
            name={`${name}-field-${i}`}
            aria-label={`Condition ${i + 1}: field and operator`}
            value={row.field}
            onChange={(e) => {
              const rows = [...model.rows];
              const field = e.target.value as FieldName;
              rows[i] = { field, value: FIELDS[field].kind === 'flag' ? 'true' : row.value };
              set({ ...model, rows });
            }}
          >
            {Object.entries(FIELDS).map(([key, f]) => (
              <option key={key} value={key}>
                {f.label}
              </option>
            ))}
          </select>
          {FIELDS[row.field].kind === 'flag' ? (
            <select
              name={`${name}-value-${i}`}
              aria-label={`Condition ${i + 1}: value`}
              value={row.value}
              onChange={(e) => {
                const rows = [...model.rows];
                rows[i] = { ...row, value: e.target.value };
                set({ ...model, rows });
              }}
            >
              <option value="true">yes</option>
              <option value="false">no</option>
            </select>
          ) : (
            <input
              name={`${name}-value-${i}`}
              aria-label={`Condition ${i + 1}: value`}
              placeholder={FIELDS[row.field].kind === 'range' ? 'min..max' : 'a, b, c'}
              value={row.value}
              onChange={(e) => {
                const rows = [...model.rows];
                rows[i] = { ...row, value: e.target.value };
                set({ ...model, rows });
              }}
            />
          )}
          {model.rows.length > 1 && (
            <button
              type="button"
              onClick={() => set({ ...model, rows: model.rows.filter((_, j) => j !== i) })}
            >
              Remove condition {i + 1}
            </button>
          )}
        </div>
      ))}
      <div>
        <button
          type="button"
          onClick={() =>
            set({ ...model, rows: [...model.rows, { field: 'textContainsAny', value: '' }] })
          }
        >
          Add condition
        </button>
      </div>
    </fieldset>
  );
}
