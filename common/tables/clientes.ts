import { column, defineTable } from './define.js';
import { cleanText, email, positiveId, requiredText } from './rules.js';

/** Clients; the e-mail is stored lower-case. */
export const clientes = defineTable({
  key: 'clientes',
  role: 'dimension',
  fileBase: 'clientes',
  setting: { name: 'CLIENTES_TABLE', default: 'clientes' },
  id: 'id_cliente',
  columns: [
    column('id_cliente', 'INTEGER', positiveId),
    column('nombre', 'TEXT', requiredText),
    column('correo_electronico', 'TEXT', email),
    column('telefono', 'TEXT', cleanText),
    column('direccion', 'TEXT', cleanText),
  ],
  foreignKeys: [],
});
