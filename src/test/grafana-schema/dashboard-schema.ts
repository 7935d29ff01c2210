// The type our dashboards must satisfy: Grafana's own dashboard schema (@grafana/schema), with each
// panel's `options` and `fieldConfig.defaults.custom` checked against its panel plugin's schema.
// DashboardSchemaTest writes one `<uid>.ts` per dashboard that assigns the JSON, as an object
// literal, to `CheckedDashboard`, and runs tsc: an unknown field, a misspelt enum value, a wrong
// type or a missing required field is a compile error.
import type {
  Dashboard,
  FieldConfig,
  FieldConfigSource,
  Panel,
  RowPanel,
  VariableModel,
} from '@grafana/schema';
import type * as BarGauge from '@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';
import type * as Stat from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type * as StateTimeline from '@grafana/schema/dist/esm/raw/composable/statetimeline/panelcfg/x/StateTimelinePanelCfg_types.gen';
import type * as Table from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen';
import type * as TimeSeries from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';

// The schema's enums are TypeScript enums, which a JSON string never satisfies: map every string
// type, enums included, to the union of its literal values. Nothing else is loosened.
type Lit<T> = T extends string
  ? `${T}`
  : T extends number | boolean | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? Lit<U>[]
      : T extends object
        ? { [K in keyof T]: Lit<T[K]> }
        : T;

type TypedPanel<Type extends string, Options, Custom> = Omit<Lit<Panel>, 'type' | 'options' | 'fieldConfig'> & {
  type: Type;
  options?: Lit<Options>;
  fieldConfig?: Omit<Lit<FieldConfigSource>, 'defaults'> & {
    defaults: Omit<Lit<FieldConfig>, 'custom'> & { custom?: Lit<Custom> };
  };
};

// Only the panel types our dashboards use: a panel of any other type is an error, so that a new
// one is added here with its schema rather than passing unchecked.
type AnyPanel =
  | TypedPanel<'timeseries', TimeSeries.Options, TimeSeries.FieldConfig>
  | TypedPanel<'stat', Stat.Options, {}>
  | TypedPanel<'table', Table.Options, Table.FieldConfig>
  | TypedPanel<'state-timeline', StateTimeline.Options, StateTimeline.FieldConfig>
  | TypedPanel<'bargauge', BarGauge.Options, {}>;

type Row = Omit<Lit<RowPanel>, 'panels'> & { panels: AnyPanel[] };

// `definition` is written by Grafana itself when it exports a query variable (the query's text as
// shown in the editor) but is absent from the schema: allowed here, and only here.
type Variable = Lit<VariableModel> & { definition?: string };

export type CheckedDashboard = Omit<Lit<Dashboard>, 'panels' | 'templating'> & {
  panels: (AnyPanel | Row)[];
  templating: { list: Variable[] };
};
