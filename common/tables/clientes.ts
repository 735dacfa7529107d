import type { TableContract } from './contract.js';
import { checkRow, cleanText, email, positiveId, requiredText } from './rules.js';

/** Clients; the e-mail is stored lower-case. */
export function clientes(): TableContract {
  return {
    key: 'clientes',
    fileBase: 'clientes',
    columns: ['id_cliente', 'nombre', 'correo_electronico', 'telefono', 'direccion'],
    storedColumns: [
      { name: 'id_cliente', type: 'INTEGER' },
      { name: 'nombre', type: 'TEXT' },
      { name: 'correo_electronico', type: 'TEXT' },
      { name: 'telefono', type: 'TEXT' },
      { name: 'direccion', type: 'TEXT' },
    ],
    foreignKeys: [],
    validate: (f) =>
      checkRow(() => [
        positiveId('id_cliente', f[0]),
        requiredText('nombre', f[1]),
        email('correo_electronico', f[2]),
        cleanText(f[3]),
        cleanText(f[4]),
      ]),
  };
}
