/**
 * Per-user form layout (seed 000 LIS §2.5 界面参数设置): field order, display name, font and background colour,
 * remember the last value (自动记忆) and whether a field may be edited. Stored with useUserSetting under the form's
 * settingsKey; the values remembered live under `<settingsKey>.last`.
 */

export interface FormFieldSetting {
  path: string;
  label?: string;
  color?: string;
  background?: string;
  /** Prefill new records with the value saved last time. */
  remember?: boolean;
  /** false locks the field for this user (it can never unlock a field the page made read-only). */
  editable?: boolean;
  hidden?: boolean;
}

export interface FormLayoutSettings {
  /** In display order. */
  fields: FormFieldSetting[];
}

export interface LaidOutField {
  path: string;
  /** The user's label, when they gave one. */
  label?: string;
  color?: string;
  background?: string;
  remember: boolean;
  readOnly: boolean;
  hidden: boolean;
}

/** What the layout needs to know of each field the page declares. */
export interface DeclaredField {
  path: string;
  required?: boolean;
  readOnly?: boolean;
}

const COLOUR = /^#[0-9a-f]{6}$/i;

/**
 * A user's saved order reconciled with what the page declares now: saved ids first in the saved order (unknown or
 * repeated ones dropped), then each newly declared id right after its predecessor in the declared order (first if
 * it has none), so a new field or widget appears where the page put it rather than at the end.
 */
export function mergeOrder(declared: readonly string[], saved: readonly string[]): string[] {
  const known = new Set(declared);
  const order = saved.filter((id, i) => known.has(id) && saved.indexOf(id) === i);
  declared.forEach((id, i) => {
    if (order.includes(id)) return;
    const before = declared
      .slice(0, i)
      .reverse()
      .find((p) => order.includes(p));
    order.splice(before ? order.indexOf(before) + 1 : 0, 0, id);
  });
  return order;
}

/** Accepts a stored value only if it has the shape of layout settings (guards against settings of an older format). */
export function isFormLayoutSettings(value: unknown): value is FormLayoutSettings {
  return typeof value === 'object' && value !== null && Array.isArray((value as FormLayoutSettings).fields) && (value as FormLayoutSettings).fields.every((f) => typeof f?.path === 'string');
}

/**
 * The fields in the user's order with the user's choices applied. Fields the page added since the settings were
 * saved appear after their predecessor in the page's order; fields the page removed are dropped. A required field
 * cannot be hidden and a read-only field cannot be made editable; colours that are not #rrggbb are ignored.
 */
export function mergeFormSettings(declared: readonly DeclaredField[], saved: FormLayoutSettings | undefined): LaidOutField[] {
  const byPath = new Map((saved?.fields ?? []).map((f) => [f.path, f]));
  const order = mergeOrder(
    declared.map((d) => d.path),
    (saved?.fields ?? []).map((f) => f.path),
  );
  const declaredByPath = new Map(declared.map((d) => [d.path, d]));
  return order.map((path) => {
    const d = declaredByPath.get(path)!;
    const s = byPath.get(path) ?? { path };
    return {
      path,
      label: s.label?.trim() || undefined,
      color: s.color && COLOUR.test(s.color) ? s.color : undefined,
      background: s.background && COLOUR.test(s.background) ? s.background : undefined,
      remember: s.remember === true,
      readOnly: d.readOnly === true || s.editable === false,
      hidden: s.hidden === true && d.required !== true,
    };
  });
}

/** The settings to store for a layout: only what differs from the defaults, in display order. */
export function layoutToSettings(layout: readonly LaidOutField[], declared: readonly DeclaredField[]): FormLayoutSettings {
  const readOnlyByPage = new Set(declared.filter((d) => d.readOnly).map((d) => d.path));
  return {
    fields: layout.map((f) => {
      const s: FormFieldSetting = { path: f.path };
      if (f.label) s.label = f.label;
      if (f.color) s.color = f.color;
      if (f.background) s.background = f.background;
      if (f.remember) s.remember = true;
      if (f.readOnly && !readOnlyByPage.has(f.path)) s.editable = false;
      if (f.hidden) s.hidden = true;
      return s;
    }),
  };
}

/** Moves a field one place up (-1) or down (+1) in the layout. */
export function moveField(layout: readonly LaidOutField[], path: string, by: -1 | 1): LaidOutField[] {
  const at = layout.findIndex((f) => f.path === path);
  const to = at + by;
  if (at < 0 || to < 0 || to >= layout.length) return [...layout];
  const next = [...layout];
  [next[at], next[to]] = [next[to], next[at]];
  return next;
}

/** The element values to remember after a save: those of remembered fields, as saved (FHIR JSON, so it survives storage). */
export function rememberedValues(layout: readonly LaidOutField[], saved: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(layout.filter((f) => f.remember && saved[f.path] !== undefined).map((f) => [f.path, saved[f.path]]));
}

/** The remembered values still wanted (the user may have turned remembering off since). */
export function recalled(layout: readonly LaidOutField[], remembered: Record<string, unknown> | undefined): Record<string, unknown> {
  const wanted = new Set(layout.filter((f) => f.remember).map((f) => f.path));
  return Object.fromEntries(Object.entries(remembered ?? {}).filter(([path]) => wanted.has(path)));
}
