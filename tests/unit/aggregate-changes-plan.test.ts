import { describe, expect, it } from 'vitest';
import { GROUP_KEY, keepGroupsBefore, sameGroup } from '../../batch-job/src/core/aggregate-changes.js';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { TEMP_TABLES } from '../../batch-job/src/core/warehouse-names.js';
import { newWarehouse } from '../helpers/report-warehouse.js';

// The incremental path compares the groups a batch touches before and after the refresh. Its
// cost must follow the batch: every join between the kept groups and the aggregate looks rows
// up by the whole key, never through an index SQLite builds for the statement.

const config = loadConfig({});
const agg = config.aggregateTable;
const { groupsBefore: BEFORE, groupScope: SCOPE } = TEMP_TABLES;

const planOf = (db: ReturnType<typeof newWarehouse>, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail);

describe('the change tracking of an incremental refresh', () => {
  it('keeps the groups in temp tables whose key columns have the aggregate key types', () => {
    const db = newWarehouse(config);
    keepGroupsBefore(db, config, 'none');
    for (const table of [BEFORE, SCOPE]) {
      const columns = db.prepare(`SELECT name, type, pk FROM pragma_table_info(?, 'temp')`).all(table) as { name: string; type: string; pk: number }[];
      expect(columns.filter((c) => c.pk > 0).map((c) => [c.name, c.type])).toEqual(
        GROUP_KEY.map((k) => [k, k === 'mes' ? 'TEXT' : 'INTEGER']),
      );
    }
    db.close();
  });

  it('joins the kept groups and the aggregate through their primary keys, both ways', () => {
    const db = newWarehouse(config);
    keepGroupsBefore(db, config, 'none');
    const plans = [
      planOf(db, `SELECT 1 FROM temp.${SCOPE} AS s JOIN ${agg} AS a ON ${sameGroup('a', 's')} LEFT JOIN temp.${BEFORE} AS b ON ${sameGroup('b', 'a')}`),
      planOf(db, `SELECT 1 FROM temp.${BEFORE} AS b LEFT JOIN ${agg} AS a ON ${sameGroup('a', 'b')}`),
    ];
    for (const plan of plans) {
      expect(plan.join('\n')).not.toMatch(/AUTOMATIC/);
      expect(plan.filter((step) => step.startsWith('SEARCH')).every((step) => /PRIMARY KEY \(id_vehiculo=\? AND id_punto_salida=\? AND id_punto_retorno=\? AND mes=\?\)/.test(step))).toBe(true);
    }
    db.close();
  });
});
