import { z } from 'zod';

/**
 * The input of an update method built from a record's schema: every field optional, none
 * with a default, unknown keys refused. A key the caller leaves out stays out of the parsed
 * changes, so the update touches only the fields it names. (zod 4's `.partial()` keeps each
 * field's `.default()`, which fills every absent field and turns a one-field update into a
 * reset of all the others.) Use this for every partial update, never `.partial()`.
 */
export function updateInput<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [
      key,
      withoutDefault(field as z.ZodType).optional(),
    ]),
  );
  // Same output type as `.partial()` (a default only ever made a field optional), built
  // without the defaults.
  return z.object(shape).strict() as unknown as ReturnType<
    ReturnType<z.ZodObject<Shape>['partial']>['strict']
  >;
}

function withoutDefault(field: z.ZodType): z.ZodType {
  let inner = field;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault)
    inner = inner.unwrap() as z.ZodType;
  return inner;
}
